package dev.mkddi.uki;

import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * One pass over a PE file that feeds its image hash and its checksum, and optionally copies it: the
 * loop {@link PeSigner} and {@link PeSignatureReader} share. Stateless.
 */
final class PeScan {
  private static final int CHUNK = 1 << 20;

  private PeScan() {}

  /**
   * Reads {@code [0, size)} of {@code in} in order.
   *
   * @param in the file read
   * @param copyTo where to copy the bytes to, or null (or {@code in}) for none
   * @param size how many bytes
   * @param digest fed with every chunk
   * @param checksum fed with every chunk
   * @param step advanced by the bytes read
   * @throws IOException when a file cannot be read or written
   */
  static void run(
      FileChannel in,
      @Nullable FileChannel copyTo,
      long size,
      AuthenticodeDigest digest,
      PeChecksum checksum,
      ProgressListener.Step step)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(size, 1)));
    for (long pos = 0; pos < size; ) {
      int n = (int) Math.min(buf.capacity(), size - pos);
      buf.clear().limit(n);
      PositionalIo.readFully(in, buf, pos);
      buf.flip();
      if (copyTo != null && copyTo != in) {
        PositionalIo.writeFully(copyTo, buf.duplicate(), pos);
      }
      digest.accept(pos, buf);
      checksum.add(pos, buf);
      step.advance(n);
      pos += n;
    }
  }
}
