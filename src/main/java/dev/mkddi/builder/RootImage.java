package dev.mkddi.builder;

import dev.mkddi.description.Filesystem;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A planned file system of a kind the description names, for the root or a partition ({@link
 * RootImages#plan} makes one): its size ({@link #sizeBytes()}, a multiple of 4096) is known before
 * the disk is laid out, and it writes itself into its partition. {@link #close()} deletes spool
 * files the plan made. Not thread-safe.
 */
interface RootImage extends PartitionContent {
  /**
   * @return the kind, as kiwi names it
   */
  Filesystem type();

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
   * @return whether {@link #write} hands its data blocks to the channel in the heap buffers it
   *     writes them from, so a view of the image can digest them as they pass; false for a spool
   *     copied in the kernel, which such a view would turn into small copies through the heap
   */
  boolean writesFromHeap();
}
