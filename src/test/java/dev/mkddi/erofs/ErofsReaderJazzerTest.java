package dev.mkddi.erofs;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.MemoryChannel;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Jazzer target for {@link ErofsReader}: opens any bytes as an image and walks it from the root
 * directory (listing directories, reading files and symlinks), as {@code verify} and the tests do;
 * only mkddi's input errors may escape (see {@link FuzzContract}). The walk visits each nid once
 * and at most {@link #MAX_INODES}, so a directory cycle cannot make the harness itself loop. Seeds:
 * {@code ErofsReaderJazzerTestInputs/walk/}.
 */
class ErofsReaderJazzerTest {
  private static final int MAX_INODES = 256;
  private static final int MAX_READ = 1 << 16;

  @ReaderFuzzTest
  void walk(byte[] image) throws IOException {
    FuzzContract.check(
        () -> {
          ErofsReader r = ErofsReader.open(new MemoryChannel(image), 0, "fuzz.erofs");
          Deque<Long> todo = new ArrayDeque<>();
          Set<Long> seen = new HashSet<>();
          todo.add((long) r.superblock().rootNid());
          while (!todo.isEmpty() && seen.size() < MAX_INODES) {
            long nid = todo.poll();
            if (!seen.add(nid)) {
              continue;
            }
            ErofsReader.Inode inode = r.inode(nid);
            if (inode.isDirectory()) {
              for (ErofsReader.Entry e : r.list(inode)) {
                todo.add(e.nid());
              }
            } else {
              r.read(inode, 0, (int) Math.min(inode.size(), MAX_READ));
            }
          }
          r.lookup("/etc/os-release");
        });
  }
}
