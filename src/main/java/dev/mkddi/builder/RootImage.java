package dev.mkddi.builder;

import dev.mkddi.description.Filesystem;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The planned read-only root file system, whichever kind the description names ({@link
 * RootImages#plan} makes one): its size is known before the disk is laid out, and it writes itself
 * into the root partition. {@link #close()} deletes spool files the plan made. Not thread-safe.
 */
interface RootImage extends AutoCloseable {
  /**
   * @return the kind, as kiwi names it
   */
  Filesystem type();

  /**
   * @return bytes {@link #write} writes, a multiple of 4096
   */
  long sizeBytes();

  /**
   * @return the file system UUID; squashfs has none
   */
  Optional<UUID> uuid();

  /**
   * @return the superblock's creation time
   */
  Instant buildTime();

  /**
   * @return the number of inodes
   */
  long inodeCount();

  /**
   * Writes the file system at {@code offset}; the range reads as zeros before.
   *
   * @param ch the image, open for reading and writing
   * @param offset where the root partition starts
   * @param listener progress
   * @throws IOException on a read or write failure
   */
  void write(FileChannel ch, long offset, ProgressListener listener) throws IOException;

  /** Deletes what the plan spooled; does nothing when it spooled nothing. */
  @Override
  void close() throws IOException;
}
