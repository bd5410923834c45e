package dev.mkddi.builder;

import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Looks up paths in a root tree the way the booted system will see them: symbolic links inside the
 * tree are followed (relative and absolute, both resolved against the tree's root, never the
 * host's), at most 40 of them per lookup as Linux allows. Immutable and thread-safe.
 */
final class TreeFiles {
  private static final int MAX_LINKS = 40;

  private final FileTree tree;

  /**
   * @param tree the root tree
   */
  TreeFiles(FileTree tree) {
    this.tree = tree;
  }

  /**
   * @param path an absolute path inside the tree
   * @return the regular file at {@code path}, following links, if there is one
   */
  Optional<RegularFile> file(String path) {
    return resolve(path).filter(RegularFile.class::isInstance).map(RegularFile.class::cast);
  }

  /**
   * @param path an absolute path inside the tree
   * @return the directory at {@code path}, following links, if there is one
   */
  Optional<Directory> directory(String path) {
    return resolve(path).filter(Directory.class::isInstance).map(Directory.class::cast);
  }

  /**
   * @param path an absolute path of a directory in the tree
   * @return the names of its entries that are valid UTF-8, sorted; empty if it is no directory
   */
  List<String> list(String path) {
    List<String> out = new ArrayList<>();
    directory(path)
        .ifPresent(
            d ->
                d.entries()
                    .forEach(e -> out.add(new String(e.name().bytes(), StandardCharsets.UTF_8))));
    Collections.sort(out);
    return out;
  }

  /**
   * @param file a regular file of the tree
   * @return its content
   * @throws IOException when the backing file cannot be read
   */
  static byte[] read(RegularFile file) throws IOException {
    FileContent c = file.content();
    byte[] out = new byte[Math.toIntExact(c.size())];
    if (c.size() == 0) {
      return out;
    }
    try (FileChannel ch = FileChannel.open(c.file(), StandardOpenOption.READ)) {
      PositionalIo.readFully(ch, ByteBuffer.wrap(out), c.offset());
    }
    return out;
  }

  /**
   * Copies a file of the tree to the host.
   *
   * @param file a regular file of the tree
   * @param target where to write it
   * @throws IOException when reading or writing fails
   */
  static void copy(RegularFile file, Path target) throws IOException {
    FileContent c = file.content();
    try (FileChannel out =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      if (c.size() == 0) {
        return;
      }
      try (FileChannel in = FileChannel.open(c.file(), StandardOpenOption.READ)) {
        long done = 0;
        while (done < c.size()) {
          long n = in.transferTo(c.offset() + done, c.size() - done, out);
          if (n <= 0) {
            throw new EOFException(c.file() + ": ends before " + (c.offset() + c.size()));
          }
          done += n;
        }
      }
    }
  }

  private Optional<Node> resolve(String path) {
    Deque<String> todo = new ArrayDeque<>(components(path));
    Deque<Directory> stack = new ArrayDeque<>();
    Node current = tree.root();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (!(current instanceof Directory dir)) {
        return Optional.empty();
      }
      if (part.equals("..")) {
        current = stack.isEmpty() ? tree.root() : stack.pop();
        continue;
      }
      Optional<Node> child = child(dir, part);
      if (child.isEmpty()) {
        return Optional.empty();
      }
      Node next = child.get();
      if (next instanceof Symlink link) {
        if (++links > MAX_LINKS) {
          return Optional.empty();
        }
        String target = new String(link.target(), StandardCharsets.UTF_8);
        List<String> parts = components(target);
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
        if (target.startsWith("/")) {
          stack.clear();
          current = tree.root();
        }
        continue;
      }
      stack.push(dir);
      current = next;
    }
    return Optional.of(current);
  }

  private static Optional<Node> child(Directory dir, String name) {
    Name n = Name.of(name);
    for (DirEntry e : dir.entries()) {
      if (e.name().equals(n)) {
        return Optional.of(e.node());
      }
    }
    return Optional.empty();
  }

  private static List<String> components(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty() && !p.equals(".")) {
        out.add(p);
      }
    }
    return out;
  }
}
