package dev.mkddi.uki;

import dev.mkddi.io.Channels;
import dev.mkddi.io.LittleEndian;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** Reads the SizeOfImage of a kernel that is a PE image (an EFI-stub bzImage). Stateless. */
final class KernelImage {
  private static final int DOS_HEADER = 64;
  private static final int PE_HEADERS = PeConstants.OPTIONAL_HEADER + PeConstants.SIZE_OF_HEADERS;

  private KernelImage() {}

  /**
   * @param linux the {@code .linux} section
   * @return the kernel's SizeOfImage, or null when the kernel is not a PE image
   * @throws IOException when the kernel file cannot be read
   */
  static Long sizeOfImage(UkiSection linux) throws IOException {
    if (linux.bytes() != null) {
      byte[] b = linux.bytes();
      return parse(
          b.length,
          (pos, len) ->
              LittleEndian.wrap(b).slice((int) pos, len).order(java.nio.ByteOrder.LITTLE_ENDIAN));
    }
    try (FileChannel ch = FileChannel.open(linux.file(), StandardOpenOption.READ)) {
      return parse(
          ch.size(),
          (pos, len) -> {
            ByteBuffer buf = LittleEndian.allocate(len);
            Channels.readFully(ch, buf, pos);
            return buf.flip();
          });
    }
  }

  /** Reads {@code len} bytes at {@code pos}. */
  private interface Reader {
    ByteBuffer read(long pos, int len) throws IOException;
  }

  private static Long parse(long size, Reader r) throws IOException {
    if (size < DOS_HEADER) {
      return null;
    }
    try {
      ByteBuffer dos = r.read(0, DOS_HEADER);
      if ((dos.getShort(0) & 0xFFFF) != PeConstants.DOS_MAGIC) {
        return null;
      }
      long pe = dos.getInt(PeConstants.E_LFANEW_OFFSET) & 0xFFFFFFFFL;
      if (pe + PE_HEADERS > size) {
        return null;
      }
      ByteBuffer h = r.read(pe, PE_HEADERS);
      int magic = h.getShort(PeConstants.OPTIONAL_HEADER) & 0xFFFF;
      if (h.getInt(0) != PeConstants.PE_SIGNATURE
          || (magic != PeConstants.PE32_MAGIC && magic != PeConstants.PE32_PLUS_MAGIC)) {
        return null;
      }
      return h.getInt(PeConstants.OPTIONAL_HEADER + PeConstants.SIZE_OF_IMAGE) & 0xFFFFFFFFL;
    } catch (EOFException | IndexOutOfBoundsException e) {
      return null;
    }
  }
}
