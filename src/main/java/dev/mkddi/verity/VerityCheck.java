package dev.mkddi.verity;

/**
 * The outcome of {@link VerityHashTree#verify}: OK, or the first problem found, checking from the
 * root down as the kernel does (root hash, then each level from the top, then the data). Immutable
 * and thread-safe.
 *
 * @param status what was found
 * @param level the hash level of the bad block (0 = leaves); -1 for data blocks and when OK
 * @param index the bad block's index within its level or the data; -1 when OK
 * @param offset byte offset of the bad block from the start of its device (the data device for a
 *     data block, the hash device for a hash block); -1 when OK
 * @param message one line describing the problem; empty when OK
 */
public record VerityCheck(Status status, int level, long index, long offset, String message) {

  /** The kinds of outcome. */
  public enum Status {
    /** Every block matches and the tree leads to the root hash. */
    OK,
    /** The top of the tree (or the only data block) does not hash to the root hash. */
    ROOT_HASH_MISMATCH,
    /** A hash block does not match its entry in the level above, or has non-zero padding. */
    BAD_HASH_BLOCK,
    /** A data block does not match its entry in level 0, or is missing. */
    BAD_DATA_BLOCK
  }

  /** The successful outcome. */
  public static final VerityCheck OK = new VerityCheck(Status.OK, -1, -1, -1, "");

  /**
   * @return whether verification succeeded
   */
  public boolean ok() {
    return status == Status.OK;
  }

  /**
   * @return whether the problem lies in the data device: a bad data block, or the root hash
   *     mismatch of a tree without hash levels, where the only data block is hashed directly
   */
  public boolean inData() {
    return status == Status.BAD_DATA_BLOCK || status == Status.ROOT_HASH_MISMATCH && level < 0;
  }
}
