package dev.mkddi.tree;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Reads a directory from disk into a {@link TreeBuilder}: type, mode (with set-uid/set-gid/sticky),
 * numeric owner, mtime with nanoseconds, {@code user.*} xattrs of files and directories, device
 * numbers, and hard links (by device and inode number). Symlinks are read, never followed.
 * Subdirectories are scanned in parallel (one fork/join task per directory); the results are then
 * added to the builder in one thread. Java cannot read {@code security.*} or {@code trusted.*}
 * attributes, and cannot represent file names that are not UTF-8 (they are refused). Not
 * thread-safe.
 */
final class DirectorySource {
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,rdev,dev,ino,nlink,size,lastModifiedTime";
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private final TreeBuilder builder;
  private final boolean allRoot;
  private final Map<List<Long>, NonDirectory> hardLinks = new HashMap<>();

  /** What the scan found about one path; {@code children} only for directories. */
  private record Scanned(
      Path path,
      Name name,
      Map<String, Object> attrs,
      List<Xattr> xattrs,
      byte[] link,
      List<Scanned> children) {
    int mode() {
      return (Integer) attrs.get("mode");
    }
  }

  private DirectorySource(TreeBuilder builder, boolean allRoot) {
    this.builder = builder;
    this.allRoot = allRoot;
  }

  /**
   * Adds the directory {@code root} and everything below it to {@code builder}.
   *
   * @param root the directory
   * @param allRoot whether to force owner and group 0
   * @param builder where the entries go
   * @param pool runs the scan of subdirectories in parallel
   * @throws InvalidInputException when a name is not UTF-8 or the tree is too deep
   * @throws IOException when the directory cannot be read
   */
  static void read(Path root, boolean allRoot, TreeBuilder builder, ForkJoinPool pool)
      throws IOException {
    Scanned top;
    try {
      top = pool.invoke(new ScanTask(root, null, Files.readAttributes(root, ATTRIBUTES), 0));
    } catch (UncheckedIOException e) {
      Throwable t = e;
      while (t != null && !(t instanceof IOException)) {
        t = t.getCause();
      }
      throw t != null ? (IOException) t : e.getCause();
    }
    DirectorySource source = new DirectorySource(builder, allRoot);
    builder.directory(List.of(), source.metadata(top), ".");
    source.add(top.children(), new ArrayList<>());
  }

  /** Scans one directory, forking a task per subdirectory. */
  private static final class ScanTask extends RecursiveTask<Scanned> {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;
    private final transient Name name;
    private final transient Map<String, Object> attrs;
    private final int depth;

    ScanTask(Path dir, Name name, Map<String, Object> attrs, int depth) {
      this.dir = dir;
      this.name = name;
      this.attrs = attrs;
      this.depth = depth;
    }

    @Override
    protected Scanned compute() {
      try {
        return scan();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Scanned scan() throws IOException {
      if (depth >= FileTree.MAX_DEPTH) {
        throw new InvalidInputException(dir + ": deeper than " + FileTree.MAX_DEPTH + " levels");
      }
      List<Scanned> children = new ArrayList<>();
      List<ScanTask> forks = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path p : stream) {
          String fileName = p.getFileName().toString();
          if (fileName.indexOf('\uFFFD') >= 0) {
            throw new InvalidInputException(
                p
                    + ": file name is not valid UTF-8, which Java cannot read from a directory;"
                    + " pack the directory as a tar archive instead");
          }
          Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
          int type = (Integer) a.get("mode") & S_IFMT;
          if (type == S_IFDIR) {
            ScanTask t = new ScanTask(p, Name.of(fileName), a, depth + 1);
            t.fork();
            forks.add(t);
          } else {
            List<Xattr> x = type == S_IFREG ? userXattrs(p) : List.of();
            byte[] link = type == S_IFLNK ? linkTarget(p) : null;
            children.add(new Scanned(p, Name.of(fileName), a, x, link, null));
          }
        }
      }
      for (ScanTask t : forks) {
        children.add(t.join());
      }
      return new Scanned(dir, name, attrs, userXattrs(dir), null, children);
    }
  }

  private void add(List<Scanned> entries, List<Name> path) throws IOException {
    for (Scanned s : entries) {
      path.add(s.name());
      String entry = s.path().toString();
      if (s.children() != null) {
        builder.directory(path, metadata(s), entry);
        add(s.children(), path);
      } else {
        int nlink = (Integer) s.attrs().get("nlink");
        List<Long> key = List.of((Long) s.attrs().get("dev"), (Long) s.attrs().get("ino"));
        NonDirectory node = nlink > 1 ? hardLinks.get(key) : null;
        if (node == null) {
          node = leaf(s);
          if (nlink > 1) {
            hardLinks.put(key, node);
          }
        }
        builder.file(path, node, entry);
      }
      path.remove(path.size() - 1);
    }
  }

  private NonDirectory leaf(Scanned s) throws InvalidInputException {
    long inode = builder.newInode();
    Metadata meta = metadata(s);
    long rdev = (Long) s.attrs().get("rdev");
    int type = s.mode() & S_IFMT;
    return switch (type) {
      case S_IFREG ->
          new RegularFile(inode, meta, new FileContent(s.path(), 0, (Long) s.attrs().get("size")));
      case S_IFLNK -> new Symlink(inode, meta, s.link());
      case S_IFCHR ->
          new SpecialFile(inode, meta, SpecialType.CHARACTER_DEVICE, major(rdev), minor(rdev));
      case S_IFBLK ->
          new SpecialFile(inode, meta, SpecialType.BLOCK_DEVICE, major(rdev), minor(rdev));
      case S_IFIFO -> new SpecialFile(inode, meta, SpecialType.FIFO, 0, 0);
      case S_IFSOCK -> new SpecialFile(inode, meta, SpecialType.SOCKET, 0, 0);
      default ->
          throw new InvalidInputException(
              s.path() + ": unknown file type 0" + Integer.toOctalString(type));
    };
  }

  private static byte[] linkTarget(Path p) throws IOException {
    String target = Files.readSymbolicLink(p).toString();
    if (target.indexOf('\uFFFD') >= 0) {
      throw new InvalidInputException(
          p
              + ": symlink target is not valid UTF-8, which Java cannot read;"
              + " pack the directory as a tar archive instead");
    }
    byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
    String problem = Symlink.problem(bytes);
    if (problem != null) {
      throw new InvalidInputException(p + ": symlink target " + problem);
    }
    return bytes;
  }

  private Metadata metadata(Scanned s) {
    Map<String, Object> attrs = s.attrs();
    long uid = allRoot ? 0 : Integer.toUnsignedLong((Integer) attrs.get("uid"));
    long gid = allRoot ? 0 : Integer.toUnsignedLong((Integer) attrs.get("gid"));
    FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
    return new Metadata(
        s.mode() & Metadata.PERMISSION_MASK, uid, gid, mtime.toInstant(), s.xattrs());
  }

  private static List<Xattr> userXattrs(Path p) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(
            p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return List.of();
    }
    List<String> names;
    try {
      names = view.list();
    } catch (FileSystemException | UnsupportedOperationException e) {
      return List.of(); // the file system keeps no user xattrs
    }
    List<Xattr> xattrs = new ArrayList<>(names.size());
    for (String name : names) {
      ByteBuffer buf = ByteBuffer.allocate(view.size(name));
      view.read(name, buf);
      xattrs.add(new Xattr("user." + name, buf.array()));
    }
    return xattrs;
  }

  /** Major number of a Linux {@code dev_t}. */
  static int major(long dev) {
    return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
  }

  /** Minor number of a Linux {@code dev_t}. */
  static int minor(long dev) {
    return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
  }
}
