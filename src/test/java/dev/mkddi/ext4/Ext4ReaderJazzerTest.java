package dev.mkddi.ext4;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.MemoryChannel;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Jazzer target for {@link Ext4Reader}: opens any bytes as an ext4 file system and walks it from
 * the root directory (listings, file contents, symlink targets, xattrs, a hashed lookup), as the
 * tests and {@code inspect} do; only mkddi's input errors may escape (see {@link FuzzContract}). At
 * most {@link #MAX_INODES} inodes, each once, and the first {@link #MAX_READ} bytes of a file.
 * Seeds: {@code Ext4ReaderJazzerTestInputs/walk/}.
 */
class Ext4ReaderJazzerTest {
  private static final int MAX_INODES = 256;
  private static final int MAX_READ = 1 << 16;
  private static final long ROOT = 2;
  private static final int DIRECTORY = 2;
  private static final int SYMLINK = 7;

  @ReaderFuzzTest
  void walk(byte[] image) throws IOException {
    FuzzContract.check(
        () -> {
          Ext4Reader r = Ext4Reader.open(new MemoryChannel(image), 0, "fuzz.ext4");
          r.features();
          Deque<Ext4Reader.Entry> todo = new ArrayDeque<>();
          Set<Long> seen = new HashSet<>();
          todo.add(new Ext4Reader.Entry(new byte[] {'/'}, ROOT, DIRECTORY));
          while (!todo.isEmpty() && seen.size() < MAX_INODES) {
            Ext4Reader.Entry e = todo.poll();
            if (!seen.add(e.ino())) {
              continue;
            }
            r.xattrs(e.ino());
            if (e.fileType() == DIRECTORY) {
              todo.addAll(r.list(e.ino()));
            } else if (e.fileType() == SYMLINK) {
              r.symlinkTarget(e.ino());
            } else {
              r.read(e.ino(), 0, MAX_READ);
              r.mappedBlocks(e.ino());
            }
          }
          r.lookup(ROOT, "etc".getBytes(StandardCharsets.US_ASCII));
        });
  }
}
