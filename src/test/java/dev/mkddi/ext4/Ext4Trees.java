package dev.mkddi.ext4;

import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds file trees by path for the ext4 tests: {@code add("usr/bin/sh", node)} makes the parent
 * directories. File contents go to files in a temporary directory; sparse contents are written
 * sparse (only their data ranges).
 */
final class Ext4Trees {
  static final Instant T = Instant.ofEpochSecond(1_700_000_000, 123_456_789);

  private final Path dir;
  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, Metadata> dirMeta = new TreeMap<>();
  private long next = 1;

  Ext4Trees(Path dir) {
    this.dir = dir;
  }

  static Metadata meta(int permissions) {
    return Metadata.of(permissions, 0, 0, T);
  }

  /** A regular file holding {@code content}. */
  RegularFile file(byte[] content) {
    return file(content, meta(0644));
  }

  RegularFile file(byte[] content, Metadata m) {
    if (content.length == 0) {
      return new RegularFile(next++, m, new FileContent(dir, 0, 0)); // never read
    }
    Path p = dir.resolve("content-" + next);
    try {
      Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RegularFile(next++, m, new FileContent(p, 0, content.length));
  }

  /** A sparse file of {@code size} bytes with {@code data} at each of the given offsets. */
  RegularFile sparse(long size, byte[] data, long... offsets) {
    Path p = dir.resolve("content-" + next);
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long at : offsets) {
        ch.write(java.nio.ByteBuffer.wrap(data), at);
      }
      ch.truncate(size);
      if (ch.size() < size) {
        ch.write(java.nio.ByteBuffer.allocate(1), size - 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RegularFile(next++, meta(0644), new FileContent(p, 0, size));
  }

  Symlink symlink(String target) {
    return new Symlink(
        next++, meta(0777), target.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  SpecialFile special(SpecialType type, int major, int minor) {
    return new SpecialFile(next++, meta(0640), type, major, minor);
  }

  /** Adds {@code node} at {@code path} (a second path to the same node is a hard link). */
  Ext4Trees add(String path, Node node) {
    nodes.put(path, node);
    return this;
  }

  /** Adds an empty directory, or sets a directory's metadata. */
  Ext4Trees dir(String path, Metadata m) {
    dirMeta.put(path, m);
    return this;
  }

  /** Random bytes. */
  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  FileTree build() {
    return FileTree.of(directory(""));
  }

  private Directory directory(String prefix) {
    Map<String, Node> children = new TreeMap<>();
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      child(prefix, e.getKey(), children, e.getValue());
    }
    for (String d : dirMeta.keySet()) {
      child(prefix, d, children, null);
    }
    List<DirEntry> entries = new ArrayList<>();
    for (Map.Entry<String, Node> e : children.entrySet()) {
      entries.add(new DirEntry(Name.of(e.getKey()), e.getValue()));
    }
    entries.sort((a, b) -> a.name().compareTo(b.name()));
    Metadata m =
        dirMeta.getOrDefault(
            prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), meta(0755));
    return new Directory(m, entries);
  }

  private void child(String prefix, String path, Map<String, Node> children, Node leaf) {
    if (!path.startsWith(prefix) || path.equals(prefix)) {
      return;
    }
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      if (leaf != null) {
        children.put(rest, leaf);
      } else if (!children.containsKey(rest)) {
        children.put(rest, directory(prefix + rest + "/"));
      }
    } else {
      String name = rest.substring(0, slash);
      if (!(children.get(name) instanceof Directory)) {
        children.put(name, directory(prefix + name + "/"));
      }
    }
  }
}
