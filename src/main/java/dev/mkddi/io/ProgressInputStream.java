package dev.mkddi.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reports the bytes read (or skipped) from a stream to a progress step, so that reading a large
 * input (a root archive of gigabytes, its decompression) shows progress instead of seconds of
 * silence. Not thread-safe, as the stream it wraps.
 */
public final class ProgressInputStream extends FilterInputStream {
  private final ProgressListener.Step step;

  /**
   * @param in the stream read
   * @param step advanced by every byte read or skipped
   */
  public ProgressInputStream(InputStream in, ProgressListener.Step step) {
    super(in);
    this.step = step;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      step.advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      step.advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    if (skipped > 0) {
      step.advance(skipped);
    }
    return skipped;
  }

  /** Marks would count bytes twice after a reset. */
  @Override
  public boolean markSupported() {
    return false;
  }
}
