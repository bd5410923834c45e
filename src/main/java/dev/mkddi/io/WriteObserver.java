package dev.mkddi.io;

import java.nio.ByteBuffer;

/**
 * Sees what is written through an {@link ObservedChannel}, for work that wants the bytes while they
 * are at hand (hashing a partition as it is written) instead of reading them back. Implementations
 * must be thread-safe when the channel is written from several threads.
 */
public interface WriteObserver {
  /**
   * Called after {@code bytes} were written at {@code position}.
   *
   * @param position the channel offset of the first byte
   * @param bytes the bytes written, position to limit; read them, never change or keep the buffer
   */
  void written(long position, ByteBuffer bytes);

  /**
   * Called when a range changed in a way whose bytes the observer does not see (a transfer, a
   * truncation, a writable mapping, a scattering write): it must read them back if it needs them.
   *
   * @param position the channel offset of the first byte
   * @param length bytes from there (Long.MAX_VALUE - position: to the end)
   */
  void changed(long position, long length);
}
