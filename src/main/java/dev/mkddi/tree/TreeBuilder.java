package dev.mkddi.tree;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Collects the entries of one or more sources into a mutable tree, applying the overlay rules, and
 * freezes it into a {@link FileTree}. A later entry replaces an earlier one at the same path; a
 * repeated path within one source, and a directory replaced by a non-directory, are reported as
 * warnings. Parents that no entry names are created as 0755 root:root directories whose mtime is
 * the newest of their entries (so it does not depend on the order of the entries). Not thread-safe.
 */
final class TreeBuilder {
  private final ProgressListener listener;
  private final MutableDir root = new MutableDir(null);
  private final List<PendingLink> pendingLinks = new ArrayList<>();
  private final Set<List<Name>> pendingPaths = new HashSet<>();
  private String source = "";
  private int sourceIndex;
  private List<Name> prefix = List.of();
  private long nextInode = 1;

  /** A directory under construction. */
  private static final class MutableDir {
    /** Null while no entry has named this directory (an implicit parent). */
    @Nullable Metadata metadata;

    final TreeMap<Name, Object> children = new TreeMap<>();

    MutableDir(@Nullable Metadata metadata) {
      this.metadata = metadata;
    }
  }

  /** A non-directory and the source that put it there. */
  private record Leaf(NonDirectory node, int source) {}

  /**
   * A finished directory tree from one source, kept as it is until a later entry reaches into it
   * (then it becomes a {@link MutableDir} one level at a time).
   */
  private record Subtree(Directory dir, int source) {}

  /** A hard link whose target is looked up when its source ends. */
  private record PendingLink(List<Name> path, List<Name> target, String entry) {}

  TreeBuilder(ProgressListener listener) {
    this.listener = listener;
  }

  /**
   * Starts the entries of the next source.
   *
   * @param name the source as the user named it, for messages
   */
  void beginSource(String name) {
    beginSource(name, List.of());
  }

  /**
   * Starts the entries of the next source, placed below {@code at} instead of the root.
   *
   * @param name the source as the user named it, for messages
   * @param at the directory the source's root becomes (empty: the root)
   */
  void beginSource(String name, List<Name> at) {
    source = name;
    sourceIndex++;
    prefix = List.copyOf(at);
  }

  private List<Name> under(List<Name> path) {
    if (prefix.isEmpty()) {
      return path;
    }
    List<Name> all = new ArrayList<>(prefix);
    all.addAll(path);
    return all;
  }

  /**
   * @return a fresh inode number for a new non-directory node
   */
  long newInode() {
    return nextInode++;
  }

  /**
   * Adds a directory, or updates the metadata of the one already at {@code path}.
   *
   * @param path the path below the root (empty: the root)
   * @param metadata its metadata
   * @param entry the entry's name in the source, for messages
   * @throws InvalidInputException when a parent is not a directory
   */
  void directory(List<Name> sourcePath, Metadata metadata, String entry)
      throws InvalidInputException {
    List<Name> path = under(sourcePath);
    if (path.isEmpty()) {
      root.metadata = metadata;
      return;
    }
    MutableDir parent = parentOf(path, entry);
    Name name = path.get(path.size() - 1);
    Object old = parent.children.get(name);
    if (old instanceof MutableDir || old instanceof Subtree) {
      open(parent, name, old).metadata = metadata;
      return;
    }
    if (old instanceof Leaf leaf && leaf.source() == sourceIndex) {
      listener.warn(source + ": '" + entry + "' appears twice; the later entry wins");
    }
    parent.children.put(name, new MutableDir(metadata));
  }

  /**
   * Adds a finished directory tree, as if {@link #directory} and {@link #file} were called for it
   * and every entry below it in tree order, but without copying it when nothing is at {@code path}
   * yet (the usual case for a directory source).
   *
   * @param path the path below the root (not the root)
   * @param dir the directory and everything below it; its non-directories carry inode numbers from
   *     {@link #newInode()}
   * @param entry the directory's name in the source, for messages
   * @throws InvalidInputException when the path is the root or a parent is not a directory
   */
  void subtree(List<Name> path, Directory dir, String entry) throws InvalidInputException {
    if (path.isEmpty()) {
      throw new InvalidInputException(source + ": entry '" + entry + "' would replace the root");
    }
    MutableDir parent = parentOf(path, entry);
    Name name = path.get(path.size() - 1);
    if (!parent.children.containsKey(name)) {
      parent.children.put(name, new Subtree(dir, sourceIndex));
      return;
    }
    directory(path, dir.metadata(), entry);
    List<Name> sub = new ArrayList<>(path);
    for (DirEntry e : dir.entries()) {
      sub.add(e.name());
      String child = entry + "/" + e.name();
      if (e.node() instanceof Directory d) {
        subtree(sub, d, child);
      } else {
        file(sub, (NonDirectory) e.node(), child);
      }
      sub.remove(sub.size() - 1);
    }
  }

  /**
   * @return the directory {@code child} (a {@link MutableDir} or a {@link Subtree}) as a
   *     MutableDir, replacing a Subtree by one in {@code parent}; its subdirectories stay Subtrees
   */
  private static MutableDir open(@Nullable MutableDir parent, @Nullable Name name, Object child) {
    if (child instanceof MutableDir dir) {
      return dir;
    }
    Subtree t = (Subtree) child;
    MutableDir dir = new MutableDir(t.dir().metadata());
    for (DirEntry e : t.dir().entries()) {
      dir.children.put(
          e.name(),
          e.node() instanceof Directory d
              ? new Subtree(d, t.source())
              : new Leaf((NonDirectory) e.node(), t.source()));
    }
    Objects.requireNonNull(parent, "a subtree below the root").children.put(name, dir);
    return dir;
  }

  /**
   * Adds a non-directory, replacing whatever is at {@code path}.
   *
   * @param path the path below the root
   * @param node the node (a new inode number, or the node of an earlier name for a hard link)
   * @param entry the entry's name in the source, for messages
   * @throws InvalidInputException when the path is the root or a parent is not a directory
   */
  void file(List<Name> sourcePath, NonDirectory node, String entry) throws InvalidInputException {
    if (sourcePath.isEmpty()) {
      throw new InvalidInputException(source + ": entry '" + entry + "' would replace the root");
    }
    List<Name> path = under(sourcePath);
    MutableDir parent = parentOf(path, entry);
    Name name = path.get(path.size() - 1);
    Object old = parent.children.put(name, new Leaf(node, sourceIndex));
    if (old instanceof MutableDir || old instanceof Subtree) {
      listener.warn(source + ": '" + entry + "' replaces a directory and everything in it");
    } else if (old instanceof Leaf leaf && leaf.source() == sourceIndex) {
      listener.warn(source + ": '" + entry + "' appears twice; the later entry wins");
    }
  }

  /**
   * Adds a hard link. When {@code target} names a non-directory now, the link shares that node at
   * once, as GNU tar links to the file as it stands when the link is extracted (a later entry that
   * replaces the target then leaves the link alone). Otherwise (the target comes later, or is
   * itself a pending link) it is resolved by {@link #endSource()} against the tree as it then
   * stands.
   *
   * @param path the new name
   * @param target the path of the existing name
   * @param entry the entry's name in the source, for messages
   * @throws InvalidInputException when the path is the root or a parent is not a directory
   */
  void hardLink(List<Name> path, List<Name> target, String entry) throws InvalidInputException {
    List<Name> full = under(target);
    if (!pendingPaths.contains(full) && lookup(full) instanceof Leaf leaf) {
      file(path, leaf.node(), entry);
      return;
    }
    pendingLinks.add(new PendingLink(under(path), full, entry));
    pendingPaths.add(under(path));
  }

  /**
   * Resolves the hard links of the current source. A link may name another link of the same source;
   * a chain that comes back to itself is refused.
   *
   * @throws InvalidInputException when a target is missing, a directory, or part of a cycle
   */
  void endSource() throws InvalidInputException {
    Map<List<Name>, PendingLink> byPath = new HashMap<>();
    for (PendingLink link : pendingLinks) {
      byPath.put(link.path(), link);
    }
    Set<List<Name>> done = new HashSet<>();
    for (PendingLink link : pendingLinks) {
      resolve(link, byPath, done, new LinkedHashSet<>());
    }
    pendingLinks.clear();
    pendingPaths.clear();
  }

  private NonDirectory resolve(
      PendingLink link,
      Map<List<Name>, PendingLink> byPath,
      Set<List<Name>> done,
      LinkedHashSet<String> chain)
      throws InvalidInputException {
    if (!chain.add(link.entry())) {
      throw new InvalidInputException(
          source + ": hard link cycle: " + String.join(" -> ", chain) + " -> " + link.entry());
    }
    NonDirectory node;
    PendingLink via = byPath.get(link.target());
    if (via != null && !done.contains(via.path())) {
      node = resolve(via, byPath, done, chain);
    } else {
      Object target = lookup(link.target());
      if (target == null) {
        throw new InvalidInputException(
            source
                + ": hard link '"
                + link.entry()
                + "': target '"
                + join(link.target())
                + "' does not exist");
      }
      if (!(target instanceof Leaf leaf)) {
        throw new InvalidInputException(
            source
                + ": hard link '"
                + link.entry()
                + "': target '"
                + join(link.target())
                + "' is a directory");
      }
      node = leaf.node();
    }
    if (done.add(link.path())) {
      file(link.path(), node, link.entry());
    }
    return node;
  }

  private @Nullable Object lookup(List<Name> path) {
    Object cur = root;
    MutableDir parent = null;
    Name name = null;
    for (Name n : path) {
      if (cur instanceof Subtree) {
        cur = open(parent, name, cur);
      }
      if (!(cur instanceof MutableDir dir)) {
        return null;
      }
      parent = dir;
      name = n;
      cur = dir.children.get(n);
    }
    return cur;
  }

  private MutableDir parentOf(List<Name> path, String entry) throws InvalidInputException {
    MutableDir dir = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object next = dir.children.get(path.get(i));
      if (next == null) {
        MutableDir created = new MutableDir(null);
        dir.children.put(path.get(i), created);
        dir = created;
      } else if (next instanceof MutableDir || next instanceof Subtree) {
        dir = open(dir, path.get(i), next);
      } else {
        String kind = ((Leaf) next).node() instanceof Symlink ? "a symlink" : "not a directory";
        throw new InvalidInputException(
            source
                + ": entry '"
                + entry
                + "': '"
                + join(path.subList(0, i + 1))
                + "' is "
                + kind
                + " (links are stored, never followed)");
      }
    }
    return dir;
  }

  private static String join(List<Name> path) {
    StringBuilder sb = new StringBuilder();
    for (Name n : path) {
      sb.append(sb.length() == 0 ? "" : "/").append(n);
    }
    return sb.toString();
  }

  /**
   * @return the immutable tree
   */
  FileTree build() {
    return FileTree.of(freeze(root));
  }

  private static Directory freeze(MutableDir dir) {
    List<DirEntry> entries = new ArrayList<>(dir.children.size());
    Instant newest = Instant.EPOCH;
    for (Map.Entry<Name, Object> e : dir.children.entrySet()) {
      Node node =
          e.getValue() instanceof MutableDir sub
              ? freeze(sub)
              : e.getValue() instanceof Subtree t ? t.dir() : ((Leaf) e.getValue()).node();
      entries.add(new DirEntry(e.getKey(), node));
      if (node.metadata().mtime().isAfter(newest)) {
        newest = node.metadata().mtime();
      }
    }
    Metadata meta = dir.metadata != null ? dir.metadata : Metadata.of(0755, 0, 0, newest);
    return new Directory(meta, entries);
  }
}
