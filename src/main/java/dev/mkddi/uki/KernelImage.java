package dev.mkddi.uki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/** Reads the SizeOfImage of a kernel that is a PE image (an EFI-stub bzImage). Stateless. */
final class KernelImage {
  private static final int PE_HEADERS = PeConstants.OPTIONAL_HEADER + PeConstants.SIZE_OF_HEADERS;

  private KernelImage() {}

  /**
   * @param linux the {@code .linux} section
   * @return the kernel's SizeOfImage, or null when the kernel is not a PE image
   * @throws IOException when the kernel file cannot be read
   */
  static @Nullable Long sizeOfImage(UkiSection linux) throws IOException {
    if (linux.bytes() != null) {
      byte[] b = linux.bytes();
      return parse(PeProbe.headers(b.length, PeProbe.of(b), PE_HEADERS));
    }
    try (FileChannel ch = FileChannel.open(linux.file(), StandardOpenOption.READ)) {
      return parse(PeProbe.headers(ch.size(), PeProbe.of(ch), PE_HEADERS));
    }
  }

  private static @Nullable Long parse(@Nullable ByteBuffer h) {
    if (h == null) {
      return null;
    }
    int magic = h.getShort(PeConstants.OPTIONAL_HEADER) & 0xFFFF;
    if (magic != PeConstants.PE32_MAGIC && magic != PeConstants.PE32_PLUS_MAGIC) {
      return null;
    }
    return h.getInt(PeConstants.OPTIONAL_HEADER + PeConstants.SIZE_OF_IMAGE) & 0xFFFFFFFFL;
  }
}
