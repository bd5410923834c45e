package dev.mkddi.ext4;

import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out the blocks of a file system being planned. Fixed metadata (superblock copies, bitmaps,
 * inode tables, the journal) is reserved first, possibly far ahead; everything else is taken in
 * order from a cursor that skips reserved ranges, so the blocks in use are always the prefix below
 * the cursor plus the reserved ranges above it. That makes bitmaps and free counts cheap to compute
 * without a bitmap of the whole file system. Allocation may run past the planned end: {@link #end}
 * then tells how large the file system must be. Not thread-safe; used while planning only.
 */
final class BlockSpace {
  /** Reserved ranges, start to end (exclusive), disjoint. */
  private final TreeMap<Long, Long> reserved = new TreeMap<>();

  private long cursor;

  /** Receives the runs of one allocation. */
  @FunctionalInterface
  interface RunSink {
    /**
     * @param start first block of the run
     * @param length blocks in the run
     */
    void run(long start, long length);
  }

  /**
   * Reserves a range ahead of the cursor (it must be free).
   *
   * @param start first block
   * @param length blocks
   */
  void reserve(long start, long length) {
    if (length <= 0) {
      return;
    }
    if (start < cursor || !isFree(start, start + length)) {
      throw new IllegalStateException("blocks " + start + "+" + length + " are not free");
    }
    reserved.put(start, start + length);
  }

  private boolean isFree(long start, long end) {
    Map.Entry<Long, Long> before = reserved.floorEntry(start);
    if (before != null && before.getValue() > start) {
      return false;
    }
    Long next = reserved.ceilingKey(start);
    return next == null || next >= end;
  }

  /**
   * Takes {@code length} free blocks at or after {@code goal} (ahead of the cursor), reserving
   * them; used for metadata placed away from the data.
   *
   * @param goal where to start looking
   * @param length blocks wanted
   * @param sink receives the runs, in block order
   */
  void reserveFrom(long goal, long length, RunSink sink) {
    long at = Math.max(goal, cursor);
    long left = length;
    while (left > 0) {
      at = skipReserved(at);
      Long next = reserved.ceilingKey(at);
      long run = next == null ? left : Math.min(left, next - at);
      reserve(at, run);
      sink.run(at, run);
      at += run;
      left -= run;
    }
  }

  /**
   * Reserves the first run of {@code length} free blocks at or after {@code goal}.
   *
   * @param goal where to start looking
   * @param length blocks wanted, in one run
   * @return the run's first block
   */
  long reserveContiguous(long goal, long length) {
    long at = Math.max(goal, cursor);
    while (true) {
      at = skipReserved(at);
      Long next = reserved.ceilingKey(at);
      if (next == null || next - at >= length) {
        reserve(at, length);
        return at;
      }
      at = next;
    }
  }

  /**
   * Takes {@code length} blocks from the cursor, skipping reserved ranges.
   *
   * @param length blocks wanted
   * @param sink receives the runs, in block order
   */
  void allocate(long length, RunSink sink) {
    long left = length;
    while (left > 0) {
      cursor = skipReserved(cursor);
      Long next = reserved.ceilingKey(cursor);
      long run = next == null ? left : Math.min(left, next - cursor);
      sink.run(cursor, run);
      cursor += run;
      left -= run;
    }
  }

  /**
   * @return one block from the cursor
   */
  long allocateOne() {
    cursor = skipReserved(cursor);
    return cursor++;
  }

  private long skipReserved(long at) {
    Map.Entry<Long, Long> e = reserved.floorEntry(at);
    while (e != null && e.getValue() > at) {
      at = e.getValue();
      e = reserved.floorEntry(at);
    }
    return at;
  }

  /**
   * @return one past the highest block in use
   */
  long end() {
    Map.Entry<Long, Long> last = reserved.lastEntry();
    return Math.max(cursor, last == null ? 0 : last.getValue());
  }

  /**
   * @param start first block of a range
   * @param end one past its last block
   * @return how many blocks of the range are in use
   */
  long used(long start, long end) {
    long n = Math.max(0, Math.min(end, cursor) - start);
    for (Map.Entry<Long, Long> e : overlapping(start, end).entrySet()) {
      long from = Math.max(Math.max(e.getKey(), start), cursor);
      n += Math.max(0, Math.min(e.getValue(), end) - from);
    }
    return n;
  }

  private Map<Long, Long> overlapping(long start, long end) {
    Long from = reserved.floorKey(start);
    return reserved.subMap(from == null ? start : from, true, end, false);
  }

  /**
   * Sets the bit of every block in use in {@code [start, start + bits)}.
   *
   * @param start first block of the group
   * @param bits blocks of the group
   * @param bitmap the group's bitmap, bit i for block start + i
   */
  void mark(long start, int bits, byte[] bitmap) {
    long end = start + bits;
    setBits(bitmap, 0, (int) Math.max(0, Math.min(end, cursor) - start));
    for (Map.Entry<Long, Long> e : overlapping(start, end).entrySet()) {
      long a = Math.max(e.getKey(), start);
      long b = Math.min(e.getValue(), end);
      if (b > a) {
        setBits(bitmap, (int) (a - start), (int) (b - start));
      }
    }
  }

  /** Sets bits {@code [from, to)}. */
  static void setBits(byte[] bitmap, int from, int to) {
    int i = from;
    while (i < to && (i & 7) != 0) {
      bitmap[i >> 3] |= (byte) (1 << (i & 7));
      i++;
    }
    while (i + 8 <= to) {
      bitmap[i >> 3] = (byte) 0xff;
      i += 8;
    }
    while (i < to) {
      bitmap[i >> 3] |= (byte) (1 << (i & 7));
      i++;
    }
  }
}
