package dev.mkddi.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Describes a directory tree as sorted lines (type, mode, owner, mtime, size, content hash, symlink
 * target, device number, user xattrs, hard-link group) so that a source tree and the tree the
 * kernel mounts from an image can be compared with one assertEquals. Shared by the file system
 * integration tests.
 */
public final class TreeCompare {
  private TreeCompare() {}

  /**
   * @param root the tree
   * @param mtimes whether to include mtimes (nanoseconds)
   * @return one line per path, sorted, then the hard-link groups
   */
  public static List<String> describe(Path root, boolean mtimes) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    Map<String, List<String>> links = new TreeMap<>();
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.toList();
    }
    for (Path p : all) {
      String rel = root.relativize(p).toString();
      Map<String, Object> a =
          Files.readAttributes(
              p,
              "unix:mode,uid,gid,rdev,ino,nlink,size,lastModifiedTime",
              LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      StringBuilder sb =
          new StringBuilder(String.format("%06o %s:%s", mode, a.get("uid"), a.get("gid")));
      if (mtimes) {
        sb.append(' ').append(a.get("lastModifiedTime"));
      }
      int type = mode & 0170000;
      if (type == 0100000) {
        sb.append(" size=").append(a.get("size")).append(" sha256=").append(sha256(p));
        if ((Integer) a.get("nlink") > 1) {
          links.computeIfAbsent(String.valueOf(a.get("ino")), k -> new ArrayList<>()).add(rel);
        }
      } else if (type == 0120000) {
        sb.append(" -> ").append(Files.readSymbolicLink(p));
      } else if (type == 0020000 || type == 0060000) {
        sb.append(" rdev=").append(Long.toHexString((Long) a.get("rdev")));
      }
      if (type == 0100000 || type == 0040000) {
        sb.append(' ').append(xattrs(p));
      }
      lines.put(rel, rel + " " + sb);
    }
    List<String> out = new ArrayList<>(lines.values());
    for (List<String> group : links.values()) {
      out.add("hard links " + group.stream().sorted().toList());
    }
    out.sort(null);
    return out;
  }

  private static String xattrs(Path p) throws IOException {
    UserDefinedFileAttributeView v =
        Files.getFileAttributeView(
            p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    Map<String, String> m = new TreeMap<>();
    List<String> names;
    try {
      names = v.list();
    } catch (java.nio.file.FileSystemException e) {
      // a squashfs image without any xattr table answers listxattr with EOPNOTSUPP, as the
      // kernel does for mksquashfs's images: no attributes
      if (!String.valueOf(e.getReason()).contains("not supported")) {
        throw e;
      }
      names = List.of();
    }
    for (String n : names) {
      ByteBuffer b = ByteBuffer.allocate(v.size(n));
      v.read(n, b);
      m.put(n, HexFormat.of().formatHex(b.array()));
    }
    return m.toString();
  }

  /**
   * Mounts an EROFS image read-only with the kernel and describes what it mounts.
   *
   * @param image the image
   * @param mountPoint an empty directory (created if missing)
   * @param mtimes whether to include mtimes
   * @return {@link #describe} of the mounted tree
   */
  public static List<String> mounted(Path image, Path mountPoint, boolean mtimes) throws Exception {
    Path mnt = Files.createDirectories(mountPoint);
    dev.mkddi.it.Tools.run(
            "mount", "-t", "erofs", "-o", "loop,ro", image.toString(), mnt.toString())
        .ok();
    try {
      return describe(mnt, mtimes);
    } finally {
      dev.mkddi.it.Tools.run("umount", mnt.toString()).ok();
    }
  }

  /**
   * Fails with the first differing lines (not the whole trees) when the lists differ.
   *
   * @param expected description of the source
   * @param actual description of the mounted image
   */
  public static void assertSame(List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      org.junit.jupiter.api.Assertions.fail(
          "trees differ ("
              + expected.size()
              + " vs "
              + actual.size()
              + " lines)\nonly in source: "
              + missing.subList(0, Math.min(5, missing.size()))
              + "\nonly in image: "
              + extra.subList(0, Math.min(5, extra.size())));
    }
  }

  public static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
