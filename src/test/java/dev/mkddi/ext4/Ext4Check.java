package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.FileType;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.NonDirectory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.Symlink;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an image against the tree it was written from, through {@link Ext4Reader}: every name
 * (listed and looked up through the htree), type, mode, owner, time, link count, content (holes
 * unmapped), symlink target, device number and extended attribute.
 */
final class Ext4Check {
  private final Ext4Reader r;
  private final Instant clampTo;
  private final Map<Long, Long> inodeOf = new HashMap<>();
  private final Map<Long, Integer> names = new HashMap<>();

  private Ext4Check(Ext4Reader r, Instant clampTo) {
    this.r = r;
    this.clampTo = clampTo;
  }

  static void check(FileTree tree, Path image) throws IOException {
    try (FileChannel ch = FileChannel.open(image)) {
      check(tree, ch, 0, null);
    }
  }

  static Ext4Reader check(FileTree tree, FileChannel ch, long offset, Instant clampTo)
      throws IOException {
    Ext4Reader r = Ext4Reader.open(ch, offset, "image");
    Ext4Check c = new Ext4Check(r, clampTo);
    c.directory("/", tree.root(), ROOT_INO, ROOT_INO);
    for (Map.Entry<Long, Integer> e : c.names.entrySet()) {
      assertEquals((int) e.getValue(), r.inode(e.getKey()).links(), "links of inode " + e.getKey());
    }
    return r;
  }

  /**
   * @param tree a tree
   * @param path a path in it, without a leading slash
   * @return the node there
   */
  static dev.mkddi.tree.Node find(FileTree tree, String path) {
    dev.mkddi.tree.Node n = tree.root();
    for (String part : path.split("/")) {
      n =
          ((Directory) n)
              .entries().stream()
                  .filter(e -> e.name().toString().equals(part))
                  .findFirst()
                  .orElseThrow()
                  .node();
    }
    return n;
  }

  private void directory(String path, Directory d, long ino, long parent) throws IOException {
    metadata(path, d.metadata(), ino, FileType.DIRECTORY.modeBits());
    List<Ext4Reader.Entry> listed = r.list(ino);
    List<String> expected = new ArrayList<>(List.of(".", ".."));
    for (DirEntry e : d.entries()) {
      expected.add(e.name().toString());
    }
    if (ino == ROOT_INO && expected.stream().noneMatch("lost+found"::equals)) {
      expected.add("lost+found");
    }
    List<String> got = new ArrayList<>();
    for (Ext4Reader.Entry e : listed) {
      got.add(e.text());
    }
    expected.sort(null);
    got.sort(null);
    assertEquals(expected, got, path + ": entries");
    assertEquals(ino, r.lookup(ino, new byte[] {'.'}).orElseThrow(), path + "/.");
    assertEquals(parent, r.lookup(ino, new byte[] {'.', '.'}).orElseThrow(), path + "/..");
    int subdirs = 0;
    for (DirEntry e : d.entries()) {
      String p = (path.equals("/") ? "" : path) + "/" + e.name();
      long child =
          r.lookup(ino, e.name().bytes()).orElseThrow(() -> new AssertionError(p + ": lookup"));
      if (e.node() instanceof Directory sub) {
        subdirs++;
        directory(p, sub, child, ino);
      } else {
        leaf(p, (NonDirectory) e.node(), child);
      }
    }
    int links =
        2
            + subdirs
            + (ino == ROOT_INO
                    && d.entries().stream().noneMatch(e -> e.name().toString().equals("lost+found"))
                ? 1
                : 0);
    assertEquals(links > LINK_MAX ? 1 : links, r.inode(ino).links(), path + ": links");
  }

  private void leaf(String path, NonDirectory n, long ino) throws IOException {
    Long first = inodeOf.putIfAbsent(n.inode(), ino);
    if (first != null) {
      assertEquals(first, ino, path + ": hard link");
    }
    names.merge(ino, 1, Integer::sum);
    Inode inode = r.inode(ino);
    if (n instanceof RegularFile f) {
      metadata(path, n.metadata(), ino, FileType.REGULAR.modeBits());
      assertEquals(f.size(), inode.size(), path + ": size");
      content(path, f, ino);
    } else if (n instanceof Symlink s) {
      metadata(path, n.metadata(), ino, FileType.SYMLINK.modeBits());
      assertArrayEquals(s.target(), r.symlinkTarget(ino), path + ": target");
    } else {
      SpecialFile sf = (SpecialFile) n;
      metadata(path, n.metadata(), ino, FileType.of(sf).modeBits());
      ByteBuffer b = ByteBuffer.wrap(inode.block()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int major;
      int minor;
      if (b.getInt(0) != 0) {
        major = (b.getInt(0) >> 8) & 0xff;
        minor = b.getInt(0) & 0xff;
      } else {
        int dev = b.getInt(4);
        major = (dev & 0xfff00) >> 8;
        minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
      }
      assertEquals(sf.major() + ":" + sf.minor(), major + ":" + minor, path + ": device");
    }
  }

  private void content(String path, RegularFile f, long ino) throws IOException {
    byte[] want =
        f.size() == 0 ? new byte[0] : java.nio.file.Files.readAllBytes(f.content().file());
    long nonZero = 0;
    int chunk = 1 << 20;
    for (long at = 0; at < f.size(); at += chunk) {
      int n = (int) Math.min(chunk, f.size() - at);
      byte[] got = r.read(ino, at, n);
      byte[] expect = new byte[n];
      if (at < want.length) {
        System.arraycopy(want, (int) at, expect, 0, (int) Math.min(n, want.length - at));
      }
      assertArrayEquals(expect, got, path + ": content at " + at);
      for (int b = 0; b < n; b += BLOCK_SIZE) {
        boolean zero = true;
        for (int i = b; i < Math.min(n, b + BLOCK_SIZE) && zero; i++) {
          zero = expect[i] == 0;
        }
        if (!zero) {
          nonZero++;
        }
      }
    }
    assertEquals(nonZero, r.mappedBlocks(ino), path + ": blocks of zeros are holes");
  }

  private void metadata(String path, Metadata m, long ino, int type) throws IOException {
    Inode i = r.inode(ino);
    assertEquals(type | m.permissions(), i.mode(), path + ": mode");
    assertEquals(m.uid(), i.uid(), path + ": uid");
    assertEquals(m.gid(), i.gid(), path + ": gid");
    Instant t = clampTo != null && m.mtime().isAfter(clampTo) ? clampTo : m.mtime();
    assertEquals(Inode.clamp(t), i.mtime(), path + ": mtime");
    List<Xattr> want = new ArrayList<>();
    for (Xattr x : m.xattrs()) {
      if (XattrEntry.of(x) != null) {
        want.add(x);
      }
    }
    assertEquals(want, r.xattrs(ino), path + ": xattrs");
    assertTrue(i.links() > 0, path + ": links");
  }
}
