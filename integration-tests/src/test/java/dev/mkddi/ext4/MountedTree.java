package dev.mkddi.ext4;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares what the kernel mounts with the tree an image was made from: the mount point is read
 * with mkddi's own directory loader (type, permissions, owner, mtime to the nanosecond, user
 * xattrs, device numbers, symlink targets, hard-link structure) and compared node by node, file
 * contents byte by byte. The root's lost+found is left out.
 */
final class MountedTree {
  private MountedTree() {}

  /**
   * @param expected the tree the image was made from
   * @param mount where the kernel mounted the image
   * @param scratch a directory for the loader's spool
   */
  static void assertSame(FileTree expected, Path mount, Path scratch) throws IOException {
    FileTree got;
    try (TreeLoader loader = new TreeLoader()) {
      got = loader.load(List.of(mount), new TreeOptions(false, scratch), ProgressListener.NONE);
      List<String> problems = new ArrayList<>();
      compare("/", expected.root(), withoutLostFound(got.root(), expected.root()), problems);
      if (!problems.isEmpty()) {
        fail(
            problems.size()
                + " differences, first: "
                + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
      }
    }
  }

  private static Directory withoutLostFound(Directory mounted, Directory expected) {
    boolean kept =
        expected.entries().stream().anyMatch(e -> e.name().toString().equals("lost+found"));
    if (kept) {
      return mounted;
    }
    List<DirEntry> entries = new ArrayList<>(mounted.entries());
    entries.removeIf(e -> e.name().toString().equals("lost+found"));
    return new Directory(mounted.metadata(), entries);
  }

  private static void compare(String path, Node a, Node b, List<String> problems)
      throws IOException {
    if (a.getClass() != b.getClass()) {
      problems.add(
          path + ": " + a.getClass().getSimpleName() + " became " + b.getClass().getSimpleName());
      return;
    }
    Metadata ma = asStored(a.metadata());
    if (!ma.equals(b.metadata())) {
      problems.add(path + ": metadata " + ma + " became " + b.metadata());
    }
    if (a instanceof Directory da) {
      Directory db = (Directory) b;
      List<String> na = da.entries().stream().map(e -> e.name().toString()).toList();
      List<String> nb = db.entries().stream().map(e -> e.name().toString()).toList();
      if (!na.equals(nb)) {
        problems.add(path + ": entries " + na.size() + " became " + nb.size());
        return;
      }
      for (int i = 0; i < na.size(); i++) {
        compare(
            (path.equals("/") ? "" : path) + "/" + na.get(i),
            da.entries().get(i).node(),
            db.entries().get(i).node(),
            problems);
      }
    } else if (a instanceof RegularFile fa) {
      RegularFile fb = (RegularFile) b;
      if (fa.inode() != fb.inode()) {
        problems.add(path + ": hard-link structure differs");
      }
      if (fa.size() != fb.size() || !sameBytes(fa, fb)) {
        problems.add(path + ": content differs (" + fa.size() + " / " + fb.size() + " bytes)");
      }
    } else if (!a.equals(b)) {
      problems.add(path + ": " + a + " became " + b);
    }
  }

  /**
   * What the loader sees of metadata ext4 stored: user xattrs, times within ext4's range, and
   * beyond 2262 (nanoseconds since 1970 overflow a long) only microseconds, as the JDK reads them.
   */
  private static Metadata asStored(Metadata m) {
    List<Xattr> user = m.xattrs().stream().filter(x -> x.name().startsWith("user.")).toList();
    Instant t = Inode.clamp(m.mtime());
    if (t.isAfter(Instant.ofEpochSecond(0, Long.MAX_VALUE))) {
      t = t.truncatedTo(ChronoUnit.MICROS);
    }
    return new Metadata(m.permissions(), m.uid(), m.gid(), t, user);
  }

  private static boolean sameBytes(RegularFile a, RegularFile b) throws IOException {
    if (a.size() == 0) {
      return true;
    }
    try (InputStream ia = open(a);
        InputStream ib = open(b)) {
      byte[] x = new byte[1 << 16];
      byte[] y = new byte[1 << 16];
      long left = a.size();
      while (left > 0) {
        int n = (int) Math.min(x.length, left);
        if (ia.readNBytes(x, 0, n) != n
            || ib.readNBytes(y, 0, n) != n
            || !Arrays.equals(x, 0, n, y, 0, n)) {
          return false;
        }
        left -= n;
      }
      return true;
    }
  }

  private static InputStream open(RegularFile f) throws IOException {
    InputStream in = Files.newInputStream(f.content().file());
    in.skipNBytes(f.content().offset());
    return in;
  }
}
