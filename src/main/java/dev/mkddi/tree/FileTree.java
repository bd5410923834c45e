package dev.mkddi.tree;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An immutable file tree: a root {@link Directory} whose entries reach every node. Hard links are
 * names whose {@link NonDirectory} nodes share an inode number; construction renumbers inodes 1, 2,
 * 3, … in depth-first name order, so trees built from the same input in any order are equal.
 * Thread-safe.
 *
 * @param root the root directory
 */
public record FileTree(Directory root) {
  /** Deepest directory nesting accepted (PATH_MAX allows 2048 one-letter levels). */
  public static final int MAX_DEPTH = 2048;

  /**
   * @param root the root directory
   * @throws IllegalArgumentException when two different nodes share an inode number or the tree is
   *     deeper than {@link #MAX_DEPTH}
   */
  public FileTree {
    if (!canonical(root, new ArrayList<>(), 0)) {
      root = (Directory) map(root, new HashMap<>(), new HashMap<>(), n -> n, 0);
    }
  }

  /** Whether inodes are already numbered 1, 2, 3, … in tree order (checked without copying). */
  private static boolean canonical(Directory dir, List<NonDirectory> seen, int depth) {
    if (depth > MAX_DEPTH) {
      return false; // map() reports it
    }
    for (DirEntry e : dir.entries()) {
      if (e.node() instanceof Directory sub) {
        if (!canonical(sub, seen, depth + 1)) {
          return false;
        }
        continue;
      }
      NonDirectory leaf = (NonDirectory) e.node();
      long n = leaf.inode();
      if (n == seen.size() + 1) {
        seen.add(leaf);
      } else if (n < 1 || n > seen.size() || !seen.get((int) n - 1).equals(leaf)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param root the root directory
   * @return the tree
   */
  public static FileTree of(Directory root) {
    return new FileTree(root);
  }

  private static Node map(
      Node node,
      Map<Long, NonDirectory> seen,
      Map<Long, Long> renumbered,
      UnaryOperator<Metadata> change,
      int depth) {
    if (node instanceof Directory dir) {
      if (depth > MAX_DEPTH) {
        throw new IllegalArgumentException("tree deeper than " + MAX_DEPTH + " levels");
      }
      List<DirEntry> entries = new ArrayList<>(dir.entries().size());
      for (DirEntry e : dir.entries()) {
        entries.add(new DirEntry(e.name(), map(e.node(), seen, renumbered, change, depth + 1)));
      }
      return new Directory(change.apply(dir.metadata()), entries);
    }
    NonDirectory leaf = (NonDirectory) node;
    NonDirectory first = seen.putIfAbsent(leaf.inode(), leaf);
    if (first != null && !first.equals(leaf)) {
      throw new IllegalArgumentException(
          "inode " + leaf.inode() + " names two different nodes: " + first + " and " + leaf);
    }
    long number = renumbered.computeIfAbsent(leaf.inode(), k -> (long) renumbered.size() + 1);
    return leaf.withInode(number).withMetadata(change.apply(leaf.metadata()));
  }

  /**
   * @return the newest modification time of any node, the root included
   */
  public Instant newestMtime() {
    Instant[] newest = {root.metadata().mtime()};
    forEachNode(
        root,
        n -> {
          if (n.metadata().mtime().isAfter(newest[0])) {
            newest[0] = n.metadata().mtime();
          }
        });
    return newest[0];
  }

  /**
   * @param limit the latest allowed modification time
   * @return this tree with every mtime later than {@code limit} set to {@code limit}
   */
  public FileTree clamp(Instant limit) {
    UnaryOperator<Metadata> clamp = m -> m.mtime().isAfter(limit) ? m.withMtime(limit) : m;
    return new FileTree((Directory) map(root, new HashMap<>(), new HashMap<>(), clamp, 0));
  }

  /**
   * @return the number of names in the tree, the root included
   */
  public long entryCount() {
    long[] count = {1};
    forEachNode(root, n -> count[0]++);
    return count[0];
  }

  private static void forEachNode(Directory dir, java.util.function.Consumer<Node> action) {
    for (DirEntry e : dir.entries()) {
      action.accept(e.node());
      if (e.node() instanceof Directory sub) {
        forEachNode(sub, action);
      }
    }
  }
}
