package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.INVALID_FRAG;

import org.jspecify.annotations.Nullable;

/**
 * What one write of an image did with a file's data: the reader thread's decisions (duplicate of an
 * earlier file, place in a fragment) and what the writing thread recorded (start, block sizes,
 * sparse bytes). Each field is written by one thread and read by the next after a hand-over through
 * a blocking queue.
 */
final class FileData {
  final PlannedFile plan;

  // ---- set by the reader thread before the file's FILE_DONE job ----
  /** An earlier file with the same bytes, whose data this file shares; null when none. */
  @Nullable FileData duplicateOf;

  int fragment = INVALID_FRAG;
  int fragmentOffset;

  // ---- set by the writing thread ----
  long start;
  final int[] blockSizes;
  long sparse;
  boolean done;

  FileData(PlannedFile plan) {
    this.plan = plan;
    this.blockSizes = new int[plan.blocks()];
  }

  /** The data this file's inode describes: its own, or the original's it duplicates. */
  FileData data() {
    return duplicateOf != null ? duplicateOf : this;
  }
}
