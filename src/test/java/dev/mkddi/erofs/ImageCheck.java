package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.NonDirectory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads an image back with {@link ErofsReader} and compares it with the tree it came from. */
final class ImageCheck {
  private final ErofsReader reader;
  private final Map<Long, Long> nidOfInode = new HashMap<>();
  private final Map<Long, Integer> names = new HashMap<>();
  private final boolean ownerAndTime;

  private ImageCheck(ErofsReader reader, boolean ownerAndTime) {
    this.reader = reader;
    this.ownerAndTime = ownerAndTime;
  }

  static ErofsReader.Inode check(FileTree tree, FileChannel image, long offset) throws IOException {
    ImageCheck c = new ImageCheck(ErofsReader.open(image, offset, "image"), true);
    ErofsReader.Inode root = c.reader.inode(c.reader.superblock().rootNid());
    c.compare(tree.root(), root, root.nid(), "/");
    for (Map.Entry<Long, Long> e : c.nidOfInode.entrySet()) {
      assertEquals(
          (long) c.names.get(e.getKey()),
          c.reader.inode(e.getValue()).nlink(),
          "nlink of nid " + e.getValue());
    }
    return root;
  }

  static ErofsReader.Inode check(FileTree tree, Path image) throws IOException {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      return check(tree, ch, 0);
    }
  }

  private void compare(Node node, ErofsReader.Inode inode, long parentNid, String path)
      throws IOException {
    Metadata m = node.metadata();
    assertEquals(m.permissions(), inode.mode() & 07777, path + " mode");
    if (ownerAndTime) {
      assertEquals(m.uid(), inode.uid(), path + " uid");
      assertEquals(m.gid(), inode.gid(), path + " gid");
      assertEquals(m.mtime(), inode.mtime(), path + " mtime");
    }
    assertEquals(m.xattrs(), inode.xattrs().stream().sorted().toList(), path + " xattrs");
    if (node instanceof Directory d) {
      assertEquals(ErofsConstants.S_IFDIR, inode.type(), path);
      assertEquals(2 + d.subdirectoryCount(), inode.nlink(), path + " nlink");
      List<ErofsReader.Entry> entries = reader.list(inode);
      for (int i = 1; i < entries.size(); i++) {
        assertTrue(
            Arrays.compareUnsigned(entries.get(i - 1).name(), entries.get(i).name()) < 0,
            path + " entries sorted");
      }
      int k = 0;
      for (ErofsReader.Entry e : entries) {
        String n = e.nameString();
        if (n.equals(".")) {
          assertEquals(inode.nid(), e.nid(), path + " .");
        } else if (n.equals("..")) {
          assertEquals(parentNid, e.nid(), path + " ..");
        } else {
          DirEntry de = d.entries().get(k++);
          assertArrayEquals(de.name().bytes(), e.name(), path + " name " + k);
          ErofsReader.Inode child = reader.inode(e.nid());
          assertEquals(fileType(child), e.fileType(), path + "/" + n + " file type");
          compare(
              de.node(),
              child,
              inode.nid(),
              path + n + (de.node() instanceof Directory ? "/" : ""));
        }
      }
      assertEquals(d.entries().size(), k, path + " entry count");
      return;
    }
    NonDirectory leaf = (NonDirectory) node;
    Long known = nidOfInode.putIfAbsent(leaf.inode(), inode.nid());
    names.merge(leaf.inode(), 1, Integer::sum);
    if (known != null) {
      assertEquals(known, inode.nid(), path + " hard link nid");
      return;
    }
    if (node instanceof RegularFile f) {
      assertEquals(ErofsConstants.S_IFREG, inode.type(), path);
      assertEquals(f.size(), inode.size(), path + " size");
      assertArrayEquals(content(f), reader.read(inode, 0, (int) f.size()), path + " content");
    } else if (node instanceof Symlink s) {
      assertEquals(ErofsConstants.S_IFLNK, inode.type(), path);
      assertArrayEquals(s.target(), reader.read(inode, 0, (int) inode.size()), path + " target");
    } else if (node instanceof SpecialFile s) {
      assertEquals(0, inode.size(), path + " size");
      assertEquals(List.of(s.major(), s.minor()), List.of(inode.major(), inode.minor()), path);
    }
  }

  private static int fileType(ErofsReader.Inode inode) {
    return switch (inode.type()) {
      case ErofsConstants.S_IFREG -> 1;
      case ErofsConstants.S_IFDIR -> 2;
      case ErofsConstants.S_IFCHR -> 3;
      case ErofsConstants.S_IFBLK -> 4;
      case ErofsConstants.S_IFIFO -> 5;
      case ErofsConstants.S_IFSOCK -> 6;
      default -> 7;
    };
  }

  static byte[] content(RegularFile f) throws IOException {
    try (FileChannel ch = FileChannel.open(f.content().file(), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) f.size());
      while (b.hasRemaining() && ch.read(b, f.content().offset() + b.position()) >= 0) {
        // read all
      }
      return b.array();
    }
  }
}
