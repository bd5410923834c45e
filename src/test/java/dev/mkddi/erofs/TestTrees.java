package dev.mkddi.erofs;

import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds file trees for tests; file contents go to files in a temporary directory. */
final class TestTrees {
  static final Instant T = Instant.ofEpochSecond(1_700_000_000);
  private final Path dir;
  private long next = 1;

  TestTrees(Path dir) {
    this.dir = dir;
  }

  static Metadata meta(int permissions) {
    return Metadata.of(permissions, 0, 0, T);
  }

  RegularFile file(byte[] content) {
    return file(content, meta(0644));
  }

  RegularFile file(byte[] content, Metadata m) {
    long inode = next++;
    Path p = dir.resolve("content-" + inode);
    try {
      Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RegularFile(inode, m, new FileContent(p, 0, content.length));
  }

  Symlink symlink(String target) {
    return new Symlink(next++, meta(0777), target.getBytes());
  }

  SpecialFile special(SpecialType type, int major, int minor) {
    return new SpecialFile(next++, meta(0600), type, major, minor);
  }

  static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  static DirEntry entry(String name, Node node) {
    return new DirEntry(Name.of(name), node);
  }

  static Directory dir(DirEntry... entries) {
    return dir(meta(0755), entries);
  }

  static Directory dir(Metadata m, DirEntry... entries) {
    List<DirEntry> list = new ArrayList<>(Arrays.asList(entries));
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return new Directory(m, list);
  }
}
