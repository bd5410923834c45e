package dev.mkddi.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

/** Positional read and write helpers for {@link FileChannel}s. Stateless and thread-safe. */
public final class PositionalIo {
  private static final int ZERO_CHUNK = 1 << 20;

  private PositionalIo() {}

  /**
   * Writes all remaining bytes of {@code buf} at {@code position}.
   *
   * @param ch the channel
   * @param buf the bytes (position to limit)
   * @param position absolute file offset
   * @throws ChannelIOException on a write failure
   * @throws IOException when the channel is closed
   */
  public static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    try {
      while (buf.hasRemaining()) {
        pos += ch.write(buf, pos);
      }
    } catch (ClosedChannelException e) {
      throw e;
    } catch (IOException e) {
      throw new ChannelIOException(ch, true, e);
    }
  }

  /**
   * Reads exactly {@code buf.remaining()} bytes at {@code position}.
   *
   * @param ch the channel
   * @param buf destination (position to limit)
   * @param position absolute file offset
   * @throws EOFException when the file ends first
   * @throws ChannelIOException on a read failure
   * @throws IOException when the channel is closed
   */
  public static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n;
      try {
        n = ch.read(buf, pos);
      } catch (ClosedChannelException e) {
        throw e;
      } catch (IOException e) {
        throw new ChannelIOException(ch, false, e);
      }
      if (n < 0) {
        throw new EOFException(
            "unexpected end of file at offset " + pos + ", " + buf.remaining() + " bytes missing");
      }
      pos += n;
    }
  }

  /**
   * Writes {@code length} zero bytes at {@code position}.
   *
   * @param ch the channel
   * @param position absolute file offset
   * @param length number of zero bytes
   * @throws IOException on a write failure
   */
  public static void writeZeros(FileChannel ch, long position, long length) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, Math.max(length, 0)));
    long pos = position;
    long left = length;
    while (left > 0) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), left));
      writeFully(ch, zeros, pos);
      pos += zeros.limit();
      left -= zeros.limit();
    }
  }
}
