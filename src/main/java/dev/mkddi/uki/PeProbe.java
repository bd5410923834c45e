package dev.mkddi.uki;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Finds the PE headers of a file that may not be a PE image at all (a kernel, stub or boot loader
 * given by the user), reading only the DOS header and the bytes asked for. Stateless and
 * thread-safe.
 */
final class PeProbe {
  /** Reads {@code len} bytes at {@code pos}, as a little-endian buffer from index 0. */
  interface Reader {
    ByteBuffer read(long pos, int len) throws IOException;
  }

  private PeProbe() {}

  /**
   * @param ch a file
   * @return a reader of its bytes
   */
  static Reader of(FileChannel ch) {
    return (pos, len) -> {
      ByteBuffer buf = LittleEndian.allocate(len);
      PositionalIo.readFully(ch, buf, pos);
      return buf.flip();
    };
  }

  /**
   * @param b a file's bytes
   * @return a reader of them
   */
  static Reader of(byte[] b) {
    return (pos, len) -> LittleEndian.wrap(b).slice((int) pos, len).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * @param size the file's size
   * @param r reads the file
   * @param len how many bytes to return from the PE signature on
   * @return those bytes, or null when the file has no MZ header pointing to a PE signature followed
   *     by {@code len} bytes in all
   * @throws IOException when the file cannot be read
   */
  static @Nullable ByteBuffer headers(long size, Reader r, int len) throws IOException {
    if (size < PeConstants.DOS_HEADER_SIZE) {
      return null;
    }
    try {
      ByteBuffer dos = r.read(0, PeConstants.DOS_HEADER_SIZE);
      if ((dos.getShort(0) & 0xFFFF) != PeConstants.DOS_MAGIC) {
        return null;
      }
      long pe = dos.getInt(PeConstants.E_LFANEW_OFFSET) & 0xFFFFFFFFL;
      if (pe + len > size) {
        return null;
      }
      ByteBuffer h = r.read(pe, len);
      return h.getInt(0) == PeConstants.PE_SIGNATURE ? h : null;
    } catch (EOFException | IndexOutOfBoundsException e) {
      return null;
    }
  }
}
