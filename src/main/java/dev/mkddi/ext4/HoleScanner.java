package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.Tasks;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the blocks of each regular file that hold data: a block of zeros becomes a hole, as {@code
 * mkfs.ext4 -d} makes it, so sparse files stay sparse whether the source kept them sparse (a
 * directory) or not (an expanded sparse tar entry), and the image depends only on the bytes. Reads
 * every file once, in parallel; sets {@link PlannedInode#runs}.
 */
final class HoleScanner {
  private static final int PIECE = 1 << 20;
  private static final long TASK_BYTES = 8L << 20;
  private static final int TASK_FILES = 256;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(BLOCK_SIZE);

  private HoleScanner() {}

  /**
   * @param files regular files
   * @param threads threads to read with
   * @param listener progress in bytes
   * @throws IOException when a source cannot be read or is shorter than scanned
   */
  static void scan(List<PlannedInode> files, int threads, ProgressListener listener)
      throws IOException {
    long total = 0;
    for (PlannedInode f : files) {
      total += f.file().size();
    }
    ThreadLocal<ByteBuffer> buffers =
        ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PIECE));
    try (ProgressListener.Step step = listener.begin("finding holes", total)) {
      List<Tasks.Task> tasks = new ArrayList<>();
      int from = 0;
      long bytes = 0;
      for (int i = 0; i < files.size(); i++) {
        bytes += files.get(i).file().size();
        if (bytes >= TASK_BYTES || i + 1 - from >= TASK_FILES || i + 1 == files.size()) {
          List<PlannedInode> batch = files.subList(from, i + 1);
          tasks.add(() -> scanBatch(batch, step, buffers.get()));
          from = i + 1;
          bytes = 0;
        }
      }
      Tasks.run(tasks, threads, "ext4-scan");
    }
  }

  private static void scanBatch(
      List<PlannedInode> batch, ProgressListener.Step step, ByteBuffer buf) throws IOException {
    try (SourceReader reader = new SourceReader()) {
      for (PlannedInode inode : batch) {
        inode.runs = scanFile(inode, reader, buf);
        step.advance(inode.file().size());
      }
    }
  }

  private static long[] scanFile(PlannedInode inode, SourceReader reader, ByteBuffer buf)
      throws IOException {
    RegularFile f = inode.file();
    long size = f.size();
    long[] runs = new long[4];
    int n = 0;
    long runStart = -1;
    long block = 0;
    for (long done = 0; done < size; ) {
      int piece = (int) Math.min(PIECE, size - done);
      buf.clear().limit(piece);
      reader.read(f, done, buf, inode.path());
      for (int off = 0; off < piece; off += BLOCK_SIZE, block++) {
        int len = Math.min(BLOCK_SIZE, piece - off);
        boolean zero = buf.slice(off, len).mismatch(ZEROS.slice(0, len)) < 0;
        if (!zero && runStart < 0) {
          runStart = block;
        } else if (zero && runStart >= 0) {
          if (n + 2 > runs.length) {
            runs = Arrays.copyOf(runs, 2 * runs.length);
          }
          runs[n++] = runStart;
          runs[n++] = block - runStart;
          runStart = -1;
        }
      }
      done += piece;
    }
    if (runStart >= 0) {
      if (n + 2 > runs.length) {
        runs = Arrays.copyOf(runs, 2 * runs.length);
      }
      runs[n++] = runStart;
      runs[n++] = block - runStart;
    }
    return Arrays.copyOf(runs, n);
  }
}
