package dev.mkddi.initrd;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream whose subclasses implement only the array read; the single-byte read goes through
 * it. Not thread-safe.
 */
abstract class BlockInputStream extends InputStream {
  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
