package dev.mkddi.builder;

import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * What the build writes into one partition: a planned file system or a swap header. {@link
 * #close()} deletes spool files the plan made. Not thread-safe.
 */
interface PartitionContent extends AutoCloseable {
  /**
   * @return bytes {@link #write} writes at most
   */
  long sizeBytes();

  /**
   * Writes the content at {@code offset}; the range reads as zeros before.
   *
   * @param ch the image, open for reading and writing
   * @param offset where the partition starts
   * @param listener progress
   * @throws IOException on a read or write failure
   */
  void write(FileChannel ch, long offset, ProgressListener listener) throws IOException;

  /** Deletes what the plan spooled; does nothing when it spooled nothing. */
  @Override
  void close() throws IOException;

  /** How a planned content writes itself. */
  @FunctionalInterface
  interface Writer {
    /**
     * @param ch the image
     * @param offset where the partition starts
     * @param listener progress
     * @throws IOException on a read or write failure
     */
    void write(FileChannel ch, long offset, ProgressListener listener) throws IOException;
  }

  /** What closing a planned content does. */
  @FunctionalInterface
  interface Closer {
    /**
     * @throws IOException when a spool file cannot be closed
     */
    void close() throws IOException;
  }

  /**
   * @param size bytes written at most
   * @param writer writes the content
   * @return content that writes with {@code writer} and spools nothing
   */
  static PartitionContent of(long size, Writer writer) {
    return new PartitionContent() {
      @Override
      public long sizeBytes() {
        return size;
      }

      @Override
      public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
        writer.write(ch, offset, listener);
      }

      @Override
      public void close() {}
    };
  }
}
