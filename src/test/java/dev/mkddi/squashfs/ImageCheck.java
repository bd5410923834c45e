package dev.mkddi.squashfs;

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
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.Symlink;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an image back with {@link SquashfsReader} and compares it with the tree it came from:
 * types, modes, owners, mtimes (seconds), xattrs, contents, targets, devices, link counts, hard
 * links, entry order; and that inode numbers are 1..n, each once, and the export table finds them.
 */
final class ImageCheck {
  private final SquashfsReader reader;
  private final Map<Long, Long> numberOfTreeInode = new HashMap<>();
  private final Set<Long> numbers = new HashSet<>();
  private final Map<Long, Integer> names = new HashMap<>();

  private ImageCheck(SquashfsReader reader) {
    this.reader = reader;
  }

  static void check(FileTree tree, Path image) throws IOException {
    try (FileChannel ch = FileChannel.open(image);
        SquashfsReader r = SquashfsReader.open(ch, 0, image.toString())) {
      check(tree, r);
    }
  }

  static void check(FileTree tree, SquashfsReader r) throws IOException {
    ImageCheck c = new ImageCheck(r);
    c.countNames(tree.root());
    SquashfsInode root = r.root();
    long inodes = r.superblock().inodes();
    assertEquals(inodes, root.number(), "the root has the last inode number");
    assertEquals(inodes + 1, root.parent(), "the root's parent is inodes + 1");
    c.compare(tree.root(), root, "/");
    assertEquals(inodes, c.numbers.size(), "inode count");
    if (r.superblock().lookupTable() != SquashfsConstants.INVALID_BLOCK) {
      long[] refs = r.exportTable();
      for (int n = 1; n <= inodes; n++) {
        assertEquals(n, r.inode(refs[n - 1]).number(), "export table entry " + n);
      }
    }
  }

  private void countNames(Directory d) {
    for (DirEntry e : d.entries()) {
      if (e.node() instanceof Directory sub) {
        countNames(sub);
      } else {
        names.merge(((NonDirectory) e.node()).inode(), 1, Integer::sum);
      }
    }
  }

  private void compare(Node node, SquashfsInode inode, String path) throws IOException {
    Metadata m = node.metadata();
    assertEquals(m.permissions(), inode.mode(), path + " mode");
    assertEquals(m.uid(), inode.uid(), path + " uid");
    assertEquals(m.gid(), inode.gid(), path + " gid");
    assertEquals(m.mtime().getEpochSecond(), inode.mtime(), path + " mtime");
    List<Xattr> expected =
        m.xattrs().stream()
            .filter(x -> XattrTable.type(x.name()) >= 0)
            .filter(
                x ->
                    !x.name().startsWith("user.")
                        || node instanceof Directory
                        || node instanceof RegularFile)
            .sorted()
            .toList();
    assertEquals(expected, reader.xattrs(inode).stream().sorted().toList(), path + " xattrs");
    if (!expected.isEmpty()) {
      assertTrue(inode.extended(), path + " has xattrs, so an extended inode");
    }
    if (node instanceof NonDirectory nd) {
      Long first = numberOfTreeInode.putIfAbsent(nd.inode(), inode.number());
      if (first != null) {
        assertEquals(first, inode.number(), path + " is a hard link of inode " + first);
        return;
      }
    }
    assertTrue(numbers.add(inode.number()), path + " inode number " + inode.number() + " twice");
    assertTrue(inode.number() >= 1, path + " inode number");
    if (node instanceof NonDirectory nd) {
      assertEquals((long) names.get(nd.inode()), inode.nlink(), path + " nlink");
    }
    if (node instanceof Directory d) {
      assertEquals(SquashfsConstants.DIR_TYPE, inode.basicType(), path + " type");
      assertEquals(2 + d.subdirectoryCount(), inode.nlink(), path + " nlink");
      List<SquashfsReader.Entry> entries = reader.list(inode);
      assertEquals(d.entries().size(), entries.size(), path + " entries");
      for (int i = 0; i < entries.size(); i++) {
        DirEntry e = d.entries().get(i);
        SquashfsReader.Entry got = entries.get(i);
        assertEquals(e.name(), got.name(), path + " entry " + i);
        SquashfsInode child = reader.inode(got.ref());
        assertEquals(got.number(), child.number(), path + e.name() + " number in listing");
        assertEquals(child.basicType(), got.type(), path + e.name() + " type in listing");
        if (e.node() instanceof Directory) {
          assertEquals(inode.number(), child.parent(), path + e.name() + " parent");
        }
        compare(e.node(), child, path + e.name() + (e.node() instanceof Directory ? "/" : ""));
      }
    } else if (node instanceof RegularFile f) {
      assertEquals(SquashfsConstants.FILE_TYPE, inode.basicType(), path + " type");
      assertEquals(f.size(), inode.size(), path + " size");
      assertEquals(sha256(f), sha256(reader.read(inode)), path + " content");
    } else if (node instanceof Symlink s) {
      assertEquals(SquashfsConstants.SYMLINK_TYPE, inode.basicType(), path + " type");
      assertArrayEquals(s.target(), inode.target(), path + " target");
    } else {
      SpecialFile s = (SpecialFile) node;
      int type =
          switch (s.type()) {
            case BLOCK_DEVICE -> SquashfsConstants.BLKDEV_TYPE;
            case CHARACTER_DEVICE -> SquashfsConstants.CHRDEV_TYPE;
            case FIFO -> SquashfsConstants.FIFO_TYPE;
            case SOCKET -> SquashfsConstants.SOCKET_TYPE;
          };
      assertEquals(type, inode.basicType(), path + " type");
      if (s.type() == SpecialType.BLOCK_DEVICE || s.type() == SpecialType.CHARACTER_DEVICE) {
        assertEquals(s.major(), inode.major(), path + " major");
        assertEquals(s.minor(), inode.minor(), path + " minor");
      }
    }
  }

  static String sha256(RegularFile f) throws IOException {
    try (InputStream in = Files.newInputStream(f.content().file())) {
      in.skipNBytes(f.content().offset());
      MessageDigest md = digest();
      byte[] buf = new byte[1 << 16];
      long left = f.size();
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        md.update(buf, 0, n);
        left -= n;
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    }
  }

  static String sha256(byte[] b) {
    return java.util.HexFormat.of().formatHex(digest().digest(b));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
