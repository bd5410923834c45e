package dev.mkddi.builder;

import com.github.luben.zstd.ZstdOutputStream;
import dev.mkddi.description.UpdateCompression;
import dev.mkddi.io.PositionalIo;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Copies a partition of the image into a file of its own, streaming, and hashes what it writes
 * (SHA-256, for {@code SHA256SUMS}): uncompressed as a sparse file (blocks of zeros become holes,
 * as in the image), or compressed with xz or zstd. The output depends only on the bytes copied.
 * Stateless.
 */
final class PartitionCopy {
  private static final int CHUNK = 1 << 16;
  private static final byte[] ZEROS = new byte[CHUNK];
  private static final int XZ_PRESET = 6;
  private static final int ZSTD_LEVEL = 12;

  private PartitionCopy() {}

  /**
   * The file written: its size and SHA-256.
   *
   * @param size bytes written
   * @param sha256 the SHA-256 of those bytes
   */
  record Written(long size, byte[] sha256) {}

  /**
   * @param image the image
   * @param offset where the partition starts
   * @param length its size
   * @param out the new file, empty, written from offset 0
   * @param compression how to compress it
   * @return what was written
   * @throws IOException when reading or writing fails
   */
  static Written copy(
      FileChannel image, long offset, long length, FileChannel out, UpdateCompression compression)
      throws IOException {
    if (compression == UpdateCompression.NONE) {
      return sparse(image, offset, length, out);
    }
    MessageDigest md = sha256();
    Counting counted = new Counting(Channels.newOutputStream(out), md);
    try (OutputStream c = compressor(counted, compression)) {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(CHUNK, length - done);
        buf.clear().limit(n);
        PositionalIo.readFully(image, buf, offset + done);
        c.write(buf.array(), 0, n);
        done += n;
      }
    }
    return new Written(counted.count, md.digest());
  }

  /**
   * Copies without compression; chunks of zeros are not written, so they stay holes.
   *
   * @return what was written (the size is {@code length})
   */
  static Written sparse(FileChannel image, long offset, long length, FileChannel out)
      throws IOException {
    MessageDigest md = sha256();
    sparse(image, offset, length, out, 0, md);
    return new Written(length, md.digest());
  }

  /**
   * Copies {@code length} bytes from {@code in} at {@code inOffset} to {@code out} at {@code
   * outOffset}, leaving chunks of zeros unwritten (holes in a new file, the zeros already there in
   * a sized image); the last byte is always written, so {@code out} is at least that long.
   *
   * @param md what hashes every byte copied, or null
   * @throws IOException when reading or writing fails
   */
  static void sparse(
      FileChannel in,
      long inOffset,
      long length,
      FileChannel out,
      long outOffset,
      @Nullable MessageDigest md)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    boolean lastWritten = true;
    for (long done = 0; done < length; ) {
      int n = (int) Math.min(CHUNK, length - done);
      buf.clear().limit(n);
      PositionalIo.readFully(in, buf, Math.addExact(inOffset, done));
      if (md != null) {
        md.update(buf.array(), 0, n);
      }
      lastWritten = Arrays.mismatch(buf.array(), 0, n, ZEROS, 0, n) >= 0;
      if (lastWritten) {
        buf.flip();
        PositionalIo.writeFully(out, buf, Math.addExact(outOffset, done));
      }
      done += n;
    }
    if (!lastWritten) {
      PositionalIo.writeFully(out, ByteBuffer.allocate(1), Math.addExact(outOffset, length - 1));
    }
  }

  private static OutputStream compressor(OutputStream out, UpdateCompression c) throws IOException {
    return switch (c) {
      case XZ -> new XZOutputStream(out, new LZMA2Options(XZ_PRESET));
      case ZSTD -> new ZstdOutputStream(out, ZSTD_LEVEL).setChecksum(true);
      case NONE -> throw new IllegalArgumentException("no compressor for " + c);
    };
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts and hashes the bytes on their way to the file. */
  private static final class Counting extends FilterOutputStream {
    private final MessageDigest md;
    private long count;

    Counting(OutputStream out, MessageDigest md) {
      super(out);
      this.md = md;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      md.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      md.update(b, off, len);
      count += len;
    }

    /** Flushes; the file stays open (its {@code AtomicFile} closes it). */
    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
