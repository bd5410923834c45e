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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import org.jspecify.annotations.Nullable;

/**
 * Reads a directory from disk into a {@link TreeBuilder}: type, mode (with set-uid/set-gid/sticky),
 * numeric owner, mtime with nanoseconds, {@code user.*} xattrs of files and directories, device
 * numbers, and hard links (by device and inode number). Symlinks are read, never followed.
 * Subdirectories are scanned in parallel (one fork/join task per directory, which also sorts its
 * entries); the results are then turned into nodes in one thread, numbered in tree order, and each
 * subdirectory of the root goes to the builder as one finished tree. Java cannot read {@code
 * security.*} or {@code trusted.*} attributes, and cannot represent file names that are not UTF-8
 * (they are refused). Not thread-safe.
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
  private final Map<List<Long>, NonDirectory> hardLinks = new HashMap<>();

  /**
   * What the scan found about one path, the attributes taken out of their map (which the scan drops
   * at once: the maps of a large tree would otherwise stay live until the tree is built); {@code
   * children} only for directories, sorted by name.
   */
  private record Scanned(
      Path path,
      @Nullable Name name,
      int type,
      Metadata metadata,
      int nlink,
      long dev,
      long ino,
      long rdev,
      long size,
      byte @Nullable [] link,
      @Nullable List<Scanned> children) {
    static Scanned of(
        Path path,
        @Nullable Name name,
        Map<String, Object> attrs,
        boolean allRoot,
        List<Xattr> xattrs,
        byte @Nullable [] link,
        @Nullable List<Scanned> children) {
      int mode = (Integer) attr(attrs, "mode");
      long uid = allRoot ? 0 : Integer.toUnsignedLong((Integer) attr(attrs, "uid"));
      long gid = allRoot ? 0 : Integer.toUnsignedLong((Integer) attr(attrs, "gid"));
      FileTime mtime = (FileTime) attr(attrs, "lastModifiedTime");
      return new Scanned(
          path,
          name,
          mode & S_IFMT,
          new Metadata(mode & Metadata.PERMISSION_MASK, uid, gid, mtime.toInstant(), xattrs),
          (Integer) attr(attrs, "nlink"),
          (Long) attr(attrs, "dev"),
          (Long) attr(attrs, "ino"),
          (Long) attr(attrs, "rdev"),
          (Long) attr(attrs, "size"),
          link,
          children);
    }

    /** An attribute of {@code unix:*}, which the JDK reads for every file on Linux. */
    private static Object attr(Map<String, Object> attrs, String name) {
      return Objects.requireNonNull(attrs.get(name), name);
    }
  }

  private DirectorySource(TreeBuilder builder) {
    this.builder = builder;
  }

  /**
   * Adds the directory {@code root} and everything below it to {@code builder}.
   *
   * @param root the directory
   * @param allRoot whether to force owner and group 0
   * @param xattrLimit what the target can store of one entry's extended attributes
   * @param builder where the entries go
   * @param pool runs the scan of subdirectories in parallel
   * @throws InvalidInputException when a name is not UTF-8 or the tree is too deep
   * @throws IOException when the directory cannot be read
   */
  static void read(
      Path root, boolean allRoot, XattrLimit xattrLimit, TreeBuilder builder, ForkJoinPool pool)
      throws IOException {
    Scanned top;
    try {
      top =
          pool.invoke(
              new ScanTask(
                  root, null, Files.readAttributes(root, ATTRIBUTES), allRoot, xattrLimit, 0));
    } catch (UncheckedIOException e) {
      Throwable t = e;
      while (t != null && !(t instanceof IOException)) {
        t = t.getCause();
      }
      throw t != null ? (IOException) t : e.getCause();
    }
    new DirectorySource(builder).addRoot(top);
  }

  /** Scans one directory, forking a task per subdirectory. */
  private static final class ScanTask extends RecursiveTask<Scanned> {
    private static final long serialVersionUID = 1L;
    private final transient Path dir;
    private final transient @Nullable Name name;
    private final transient Map<String, Object> attrs;
    private final boolean allRoot;
    private final transient XattrLimit xattrLimit;
    private final int depth;

    ScanTask(
        Path dir,
        @Nullable Name name,
        Map<String, Object> attrs,
        boolean allRoot,
        XattrLimit xattrLimit,
        int depth) {
      this.dir = dir;
      this.name = name;
      this.attrs = attrs;
      this.allRoot = allRoot;
      this.xattrLimit = xattrLimit;
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
          int type = (Integer) Objects.requireNonNull(a.get("mode"), "mode") & S_IFMT;
          if (type == S_IFDIR) {
            ScanTask t = new ScanTask(p, Name.of(fileName), a, allRoot, xattrLimit, depth + 1);
            t.fork();
            forks.add(t);
          } else {
            List<Xattr> x = type == S_IFREG ? checked(p, userXattrs(p)) : List.of();
            byte[] link = type == S_IFLNK ? linkTarget(p) : null;
            children.add(Scanned.of(p, Name.of(fileName), a, allRoot, x, link, null));
          }
        }
      }
      // join newest first: each join then pops its task off the top of this worker's deque in
      // O(1), where joining oldest first searched the deque for it, quadratic in wide directories
      for (int i = forks.size() - 1; i >= 0; i--) {
        children.add(forks.get(i).join());
      }
      // in name order, so inodes are numbered as FileTree wants them (no renumbering copy)
      children.sort(Comparator.comparing(Scanned::name));
      return Scanned.of(dir, name, attrs, allRoot, checked(dir, userXattrs(dir)), null, children);
    }

    private List<Xattr> checked(Path p, List<Xattr> xattrs) throws InvalidInputException {
      String problem = xattrLimit.problem(xattrs);
      if (problem != null) {
        throw new InvalidInputException(p + ": " + problem);
      }
      return xattrs;
    }
  }

  /**
   * Adds the root's entries: each subdirectory as a finished tree (nothing to merge when this is
   * the first source), each other entry as a file.
   */
  private void addRoot(Scanned top) throws IOException {
    builder.directory(List.of(), top.metadata(), ".");
    for (Scanned s : Objects.requireNonNull(top.children())) {
      List<Name> path = List.of(s.name());
      if (s.children() != null) {
        builder.subtree(path, directory(s), s.path().toString());
      } else {
        builder.file(path, node(s), s.path().toString());
      }
    }
  }

  /** The directory with inode numbers given in tree order (as {@link FileTree} wants them). */
  private Directory directory(Scanned dir) throws InvalidInputException {
    List<Scanned> children = Objects.requireNonNull(dir.children());
    List<DirEntry> entries = new ArrayList<>(children.size());
    for (Scanned s : children) {
      entries.add(
          new DirEntry(
              Objects.requireNonNull(s.name()), s.children() != null ? directory(s) : node(s)));
    }
    return new Directory(dir.metadata(), entries);
  }

  /** A new node, or for a further name of a hard-linked inode the node of its first name. */
  private NonDirectory node(Scanned s) throws InvalidInputException {
    List<Long> key = s.nlink() > 1 ? List.of(s.dev(), s.ino()) : null;
    NonDirectory node = key != null ? hardLinks.get(key) : null;
    if (node == null) {
      node = leaf(s);
      if (key != null) {
        hardLinks.put(key, node);
      }
    }
    return node;
  }

  private NonDirectory leaf(Scanned s) throws InvalidInputException {
    long inode = builder.newInode();
    Metadata meta = s.metadata();
    long rdev = s.rdev();
    int type = s.type();
    return switch (type) {
      case S_IFREG -> new RegularFile(inode, meta, new FileContent(s.path(), 0, s.size()));
      case S_IFLNK -> new Symlink(inode, meta, Objects.requireNonNull(s.link()));
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
