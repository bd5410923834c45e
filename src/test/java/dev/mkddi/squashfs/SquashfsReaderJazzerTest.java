package dev.mkddi.squashfs;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.MemoryChannel;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Jazzer target for {@link SquashfsReader}: opens any bytes as an image and walks it from the root
 * (directory listings, file contents, symlink targets, xattrs, the export table), as {@code verify}
 * and the tests do; only mkddi's input errors may escape (see {@link FuzzContract}). The walk
 * visits each inode once and at most {@link #MAX_INODES}, and reads files of at most {@link
 * #MAX_FILE} bytes, so the harness itself stays bounded. Seeds: {@code
 * SquashfsReaderJazzerTestInputs/walk/}.
 */
class SquashfsReaderJazzerTest {
  private static final int MAX_INODES = 256;
  private static final long MAX_FILE = 1 << 20;

  @ReaderFuzzTest
  void walk(byte[] image) throws IOException {
    FuzzContract.check(
        () -> {
          try (SquashfsReader r = SquashfsReader.open(new MemoryChannel(image), 0, "fuzz.sqfs")) {
            Deque<SquashfsInode> todo = new ArrayDeque<>();
            Set<Long> seen = new HashSet<>();
            todo.add(r.root());
            while (!todo.isEmpty() && seen.size() < MAX_INODES) {
              SquashfsInode inode = todo.poll();
              if (!seen.add(inode.ref())) {
                continue;
              }
              r.xattrs(inode);
              if (inode.basicType() == SquashfsConstants.DIR_TYPE) {
                for (SquashfsReader.Entry e : r.list(inode)) {
                  todo.add(r.inode(e.ref()));
                }
              } else if (inode.basicType() == SquashfsConstants.FILE_TYPE
                  && inode.size() <= MAX_FILE) {
                r.read(inode, OutputStream.nullOutputStream());
              }
            }
            r.lookup("/etc/os-release");
            r.exportTable();
          }
        });
  }
}
