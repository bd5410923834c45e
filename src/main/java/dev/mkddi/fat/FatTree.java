package dev.mkddi.fat;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The directory tree of a FAT file system built from {@link FatEntry}s: names validated, children
 * sorted by name (UTF-16 order, so the input order never matters), short names assigned, file sizes
 * read. Not thread-safe while being built; immutable afterwards.
 */
final class FatTree {
  private static final String FORBIDDEN = "*?<>|\":\\";

  /** A file or directory of the tree. */
  static final class Node {
    final String name;
    final boolean directory;
    final @Nullable FatEntry entry;
    final long size;
    final Map<String, Node> children = new TreeMap<>();
    final Map<String, String> folded = new HashMap<>();
    byte @Nullable [] shortName;
    boolean longName;

    Node(String name, boolean directory, @Nullable FatEntry entry, long size) {
      this.name = name;
      this.directory = directory;
      this.entry = entry;
      this.size = size;
    }

    /**
     * @return the number of 32-byte slots this node takes in its parent directory
     */
    int slots() {
      return 1
          + (longName ? (name.length() + FatConstants.LFN_CHARS - 1) / FatConstants.LFN_CHARS : 0);
    }
  }

  private final Node root = new Node("", true, null, 0);
  private long fileBytes;
  private int fileCount;

  private FatTree() {}

  /**
   * Builds the tree.
   *
   * @param entries the files and directories
   * @return the tree, short names assigned
   * @throws InvalidInputException for a bad or duplicate path, or a missing source file
   * @throws IOException when a source file's size cannot be read
   */
  static FatTree build(List<FatEntry> entries) throws IOException {
    FatTree t = new FatTree();
    for (FatEntry e : entries) {
      t.add(e);
    }
    t.assignShortNames(t.root);
    return t;
  }

  Node root() {
    return root;
  }

  /**
   * @return the total size of all files
   */
  long fileBytes() {
    return fileBytes;
  }

  /**
   * @return the number of files
   */
  int fileCount() {
    return fileCount;
  }

  private void add(FatEntry e) throws IOException {
    List<String> parts = split(e.path());
    if (parts.isEmpty()) {
      if (e instanceof FatEntry.Directory) {
        return;
      }
      throw new InvalidInputException("FAT: file entry with an empty path");
    }
    Node dir = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      dir = child(dir, parts.get(i), true, null, 0, e.path());
    }
    String last = parts.get(parts.size() - 1);
    if (e instanceof FatEntry.Directory) {
      child(dir, last, true, null, 0, e.path());
      return;
    }
    long size = size(e);
    if (dir.children.containsKey(last) || dir.folded.containsKey(fold(last))) {
      throw new InvalidInputException(
          "FAT: '" + e.path() + "' is given twice (names are compared ignoring case)");
    }
    put(dir, new Node(last, false, e, size));
    fileBytes = Math.addExact(fileBytes, size);
    fileCount++;
  }

  private static long size(FatEntry e) throws IOException {
    long size;
    if (e instanceof FatEntry.HostFile f) {
      if (!Files.isRegularFile(f.source(), LinkOption.NOFOLLOW_LINKS)
          && !Files.isRegularFile(f.source())) {
        throw new InvalidInputException(
            "FAT: source of '" + e.path() + "' is not a regular file: " + f.source());
      }
      size = Files.size(f.source());
    } else {
      size = ((FatEntry.Content) e).length();
    }
    if (size > FatConstants.MAX_FILE_SIZE) {
      throw new InvalidInputException(
          "FAT: '" + e.path() + "' has " + size + " bytes, FAT allows at most 4 GiB - 1");
    }
    return size;
  }

  private Node child(
      Node dir, String name, boolean directory, @Nullable FatEntry e, long size, String path)
      throws InvalidInputException {
    Node n = dir.children.get(name);
    if (n == null) {
      String other = dir.folded.get(fold(name));
      if (other != null) {
        throw new InvalidInputException(
            "FAT: '" + path + "': '" + name + "' and '" + other + "' are the same name on FAT");
      }
      n = new Node(name, directory, e, size);
      put(dir, n);
    } else if (!n.directory) {
      throw new InvalidInputException("FAT: '" + path + "': '" + name + "' is a file");
    }
    return n;
  }

  private static void put(Node dir, Node n) {
    dir.children.put(n.name, n);
    dir.folded.put(fold(n.name), n.name);
  }

  private static String fold(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  private static List<String> split(String path) throws InvalidInputException {
    String p = path.startsWith("/") ? path.substring(1) : path;
    List<String> parts = new ArrayList<>();
    if (p.isEmpty()) {
      return parts;
    }
    for (String s : p.split("/", -1)) {
      validate(path, s);
      parts.add(s);
    }
    return parts;
  }

  private static void validate(String path, String name) throws InvalidInputException {
    String problem = null;
    if (name.isEmpty()) {
      problem = "empty path component";
    } else if (name.equals(".") || name.equals("..")) {
      problem = "'" + name + "' is not allowed";
    } else if (name.endsWith(".") || name.endsWith(" ")) {
      problem = "'" + name + "' ends with a dot or a space (FAT drops them)";
    } else if (name.length() > FatConstants.MAX_LONG_NAME) {
      problem = "name longer than 255 UTF-16 units";
    } else {
      for (char c : name.toCharArray()) {
        if (c < 0x20 || FORBIDDEN.indexOf(c) >= 0) {
          problem = String.format("character U+%04X is not allowed in FAT names", (int) c);
          break;
        }
      }
    }
    if (problem != null) {
      throw new InvalidInputException("FAT path '" + path + "': " + problem);
    }
  }

  private void assignShortNames(Node dir) throws InvalidInputException {
    ShortNameGenerator gen = new ShortNameGenerator();
    List<Node> rest = new ArrayList<>();
    for (Node n : dir.children.values()) {
      ShortNameGenerator.ShortName s = gen.reserveExact(n.name);
      if (s == null) {
        rest.add(n);
      } else {
        n.shortName = s.name();
        n.longName = s.needsLongName();
      }
    }
    for (Node n : rest) {
      ShortNameGenerator.ShortName s = gen.generate(n.name);
      n.shortName = s.name();
      n.longName = true;
    }
    for (Node n : dir.children.values()) {
      if (n.directory) {
        assignShortNames(n);
      }
    }
  }
}
