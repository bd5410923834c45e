package dev.mkddi.compress;

import static dev.mkddi.compress.Lz4Format.MAX_DISTANCE;

import java.util.Arrays;

/**
 * Gives each block its own range of positions in a reused hash table, so entries of earlier blocks
 * are always farther away than {@link Lz4Format#MAX_DISTANCE} and the table needs no clearing
 * between blocks (only when the positions would overflow). Not thread-safe.
 */
final class Lz4Window {
  /** An empty table entry: farther from every position than the largest distance. */
  static final int EMPTY = Integer.MIN_VALUE / 2;

  private static final int LAST_START = 1 << 29;

  private final int[] table;
  private int next = LAST_START;

  Lz4Window(int[] table) {
    this.table = table;
  }

  /**
   * @param length bytes of the next block
   * @return the table position of the block's first byte
   */
  int start(int length) {
    if (next >= LAST_START - length) {
      Arrays.fill(table, EMPTY);
      next = MAX_DISTANCE + 1;
    }
    int start = next;
    next = start + length + MAX_DISTANCE + 1;
    return start;
  }
}
