package dev.mkddi.tree;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
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

/**
 * Reads a directory from disk into a {@link TreeBuilder}: type, mode (with set-uid/set-gid/sticky),
 * numeric owner, mtime with nanoseconds, {@code user.*} xattrs of files and directories, device
 * numbers, and hard links (by device and inode number). Symlinks are read, never followed. Java
 * cannot read {@code security.*} or {@code trusted.*} attributes, and cannot represent file names
 * that are not UTF-8 (they are refused). Not thread-safe.
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
   * @throws InvalidInputException when a name is not UTF-8 or the tree is too deep
   * @throws IOException when the directory cannot be read
   */
  static void read(Path root, boolean allRoot, TreeBuilder builder) throws IOException {
    DirectorySource source = new DirectorySource(builder, allRoot);
    Map<String, Object> attrs = Files.readAttributes(root, ATTRIBUTES);
    builder.directory(List.of(), source.metadata(root, attrs, true), ".");
    source.scan(root, new ArrayList<>());
  }

  private void scan(Path dir, List<Name> path) throws IOException {
    if (path.size() >= FileTree.MAX_DEPTH) {
      throw new InvalidInputException(dir + ": deeper than " + FileTree.MAX_DEPTH + " levels");
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String fileName = p.getFileName().toString();
        if (fileName.indexOf('\uFFFD') >= 0) {
          throw new InvalidInputException(
              p + ": file name is not valid UTF-8, which Java cannot read from a directory;"
                  + " pack the directory as a tar archive instead");
        }
        path.add(Name.of(fileName));
        add(p, path);
        path.remove(path.size() - 1);
      }
    }
  }

  private void add(Path p, List<Name> path) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode");
    int type = mode & S_IFMT;
    String entry = p.toString();
    if (type == S_IFDIR) {
      builder.directory(path, metadata(p, attrs, true), entry);
      scan(p, path);
      return;
    }
    int nlink = (Integer) attrs.get("nlink");
    List<Long> key = List.of((Long) attrs.get("dev"), (Long) attrs.get("ino"));
    NonDirectory node = nlink > 1 ? hardLinks.get(key) : null;
    if (node == null) {
      node = leaf(p, type, attrs);
      if (nlink > 1) {
        hardLinks.put(key, node);
      }
    }
    builder.file(path, node, entry);
  }

  private NonDirectory leaf(Path p, int type, Map<String, Object> attrs) throws IOException {
    long inode = builder.newInode();
    Metadata meta = metadata(p, attrs, type == S_IFREG);
    long rdev = (Long) attrs.get("rdev");
    return switch (type) {
      case S_IFREG -> new RegularFile(inode, meta, new FileContent(p, 0, (Long) attrs.get("size")));
      case S_IFLNK -> new Symlink(inode, meta, linkTarget(p));
      case S_IFCHR -> new SpecialFile(
          inode, meta, SpecialType.CHARACTER_DEVICE, major(rdev), minor(rdev));
      case S_IFBLK -> new SpecialFile(
          inode, meta, SpecialType.BLOCK_DEVICE, major(rdev), minor(rdev));
      case S_IFIFO -> new SpecialFile(inode, meta, SpecialType.FIFO, 0, 0);
      case S_IFSOCK -> new SpecialFile(inode, meta, SpecialType.SOCKET, 0, 0);
      default -> throw new InvalidInputException(
          p + ": unknown file type 0" + Integer.toOctalString(type));
    };
  }

  private static byte[] linkTarget(Path p) throws IOException {
    String target = Files.readSymbolicLink(p).toString();
    if (target.indexOf('\uFFFD') >= 0) {
      throw new InvalidInputException(
          p + ": symlink target is not valid UTF-8, which Java cannot read;"
              + " pack the directory as a tar archive instead");
    }
    byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
    String problem = Symlink.problem(bytes);
    if (problem != null) {
      throw new InvalidInputException(p + ": symlink target " + problem);
    }
    return bytes;
  }

  private Metadata metadata(Path p, Map<String, Object> attrs, boolean withXattrs)
      throws IOException {
    long uid = allRoot ? 0 : Integer.toUnsignedLong((Integer) attrs.get("uid"));
    long gid = allRoot ? 0 : Integer.toUnsignedLong((Integer) attrs.get("gid"));
    int mode = (Integer) attrs.get("mode");
    FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
    List<Xattr> xattrs = withXattrs ? userXattrs(p) : List.of();
    return new Metadata(mode & Metadata.PERMISSION_MASK, uid, gid, mtime.toInstant(), xattrs);
  }

  private static List<Xattr> userXattrs(Path p) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
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
