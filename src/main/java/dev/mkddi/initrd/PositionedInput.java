package dev.mkddi.initrd;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that counts the bytes it returned and can take back a few ({@link #unread}), to
 * look at a magic number before deciding how to read on. Not thread-safe.
 */
final class PositionedInput extends BlockInputStream {
  private final InputStream in;
  private final byte[] back = new byte[InitrdCompression.MAGIC_MAX];
  private int backLength;
  private long position;

  PositionedInput(InputStream in) {
    this.in = in;
  }

  /**
   * @return how many bytes this stream has returned (less those taken back)
   */
  long position() {
    return position;
  }

  /** Takes back the last {@code length} bytes read into {@code b}, at most the magic length. */
  void unread(byte[] b, int length) {
    if (backLength + length > back.length) {
      throw new IllegalStateException("cannot take back " + length + " bytes");
    }
    System.arraycopy(back, 0, back, length, backLength);
    System.arraycopy(b, 0, back, 0, length);
    backLength += length;
    position -= length;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n;
    if (backLength > 0) {
      n = Math.min(len, backLength);
      System.arraycopy(back, 0, b, off, n);
      System.arraycopy(back, n, back, 0, backLength - n);
      backLength -= n;
    } else {
      n = in.read(b, off, len);
      if (n < 0) {
        return -1;
      }
    }
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
