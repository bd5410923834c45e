package dev.mkddi.io;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A positional read or write of {@link PositionalIo} failed; carries the channel, so a caller that
 * opened several can name the file (a channel does not know its path). The message is the
 * underlying one ({@code No space left on device}, {@code Illegal seek}).
 */
public final class ChannelIOException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The channel that failed; not serialized. */
  private final transient FileChannel channel;

  private final boolean write;

  /**
   * @param channel the channel that failed
   * @param write whether it was a write (else a read)
   * @param cause the failure
   */
  public ChannelIOException(FileChannel channel, boolean write, IOException cause) {
    super(cause.getMessage(), cause);
    this.channel = channel;
    this.write = write;
  }

  /**
   * @param ch a channel
   * @return whether this failure happened on {@code ch}
   */
  public boolean isOn(FileChannel ch) {
    return channel == ch || channel instanceof ObservedChannel o && o.channel() == ch;
  }

  /**
   * Names the failure for a file the caller knows, as an {@link ImageBuildException} (exit 3).
   *
   * @param file the file of the failed channel
   * @return {@code "<file>: cannot write: <reason>"} or {@code "... cannot read ..."}
   */
  public ImageBuildException on(Object file) {
    return new ImageBuildException(
        file + ": cannot " + (write ? "write" : "read") + ": " + getMessage(), this);
  }
}
