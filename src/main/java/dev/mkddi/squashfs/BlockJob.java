package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.DATA_UNCOMPRESSED;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * One step of the data stream, in the order the reader produced it: a data block of a file, a full
 * fragment block, the end of a file, the end of the data, or a failure of the reader. Blocks are
 * compressed by a worker (in place: the compressed bytes replace the uncompressed ones in {@link
 * #buffer}); the writer waits for each job in turn.
 */
final class BlockJob {
  enum Kind {
    BLOCK,
    FRAGMENT,
    FILE_DONE,
    END,
    FAILED
  }

  final Kind kind;
  final @Nullable FileData file;

  /** BLOCK: the block's index in its file; FRAGMENT: the fragment's index. */
  final int index;

  byte @Nullable [] buffer;

  /** Uncompressed length of the block. */
  final int length;

  /** After compression: the size word (compressed length, or length | uncompressed bit, or 0). */
  int sizeWord;

  /** FAILED: what went wrong in the reader; or a worker's failure. */
  @Nullable Throwable failure;

  private final CountDownLatch done;

  private BlockJob(
      Kind kind,
      @Nullable FileData file,
      int index,
      byte @Nullable [] buffer,
      int length,
      boolean ready) {
    this.kind = kind;
    this.file = file;
    this.index = index;
    this.buffer = buffer;
    this.length = length;
    this.done = new CountDownLatch(ready ? 0 : 1);
  }

  static BlockJob block(FileData file, int index, byte[] buffer, int length) {
    return new BlockJob(Kind.BLOCK, file, index, buffer, length, false);
  }

  static BlockJob fragment(int index, byte[] buffer, int length) {
    return new BlockJob(Kind.FRAGMENT, null, index, buffer, length, false);
  }

  static BlockJob fileDone(FileData file) {
    return new BlockJob(Kind.FILE_DONE, file, 0, null, 0, true);
  }

  static BlockJob end() {
    return new BlockJob(Kind.END, null, 0, null, 0, true);
  }

  static BlockJob failed(Throwable t) {
    BlockJob j = new BlockJob(Kind.FAILED, null, 0, null, 0, true);
    j.failure = t;
    return j;
  }

  /**
   * Compresses the block (a data block of zeros becomes sparse: size word 0, as mksquashfs does).
   *
   * @param compressor this thread's compressor
   * @param scratch this thread's output buffer, at least a block long
   */
  void run(BlockEncoder compressor, byte[] scratch) {
    byte[] buffer = java.util.Objects.requireNonNull(this.buffer, "a block or fragment job");
    try {
      if (kind == Kind.BLOCK && allZero(buffer, length)) {
        sizeWord = 0;
      } else {
        int n = compressor.compress(buffer, 0, length, scratch);
        if (n >= 0) {
          System.arraycopy(scratch, 0, buffer, 0, n);
          sizeWord = n;
        } else {
          sizeWord = length | DATA_UNCOMPRESSED;
        }
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      done.countDown();
    }
  }

  /** The bytes to write: 0 for a sparse block. */
  int stored() {
    return sizeWord & ~DATA_UNCOMPRESSED;
  }

  void await() throws InterruptedException {
    done.await();
  }

  private static boolean allZero(byte[] b, int length) {
    return Arrays.mismatch(b, 0, length, ZEROS, 0, length) < 0;
  }

  private static final byte[] ZEROS = new byte[SquashfsConstants.MAX_BLOCK_SIZE];
}
