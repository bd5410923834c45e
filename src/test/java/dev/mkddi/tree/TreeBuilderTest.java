package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.RecordingListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeBuilderTest {
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000);
  private final RecordingListener listener = new RecordingListener();
  private final TreeBuilder builder = new TreeBuilder(listener);

  private static List<Name> path(String p) {
    List<Name> names = new ArrayList<>();
    for (String s : p.split("/")) {
      names.add(Name.of(s));
    }
    return names;
  }

  private RegularFile file(long size) {
    return new RegularFile(
        builder.newInode(),
        Metadata.of(0644, 0, 0, T),
        new FileContent(Path.of("/dev/null"), 0, size));
  }

  private Node at(FileTree tree, String p) {
    Node n = tree.root();
    for (Name name : path(p)) {
      n =
          ((Directory) n)
              .entries().stream()
                  .filter(e -> e.name().equals(name))
                  .findFirst()
                  .orElseThrow()
                  .node();
    }
    return n;
  }

  @Test
  void testFile_createsImplicitParents() throws InvalidInputException {
    builder.beginSource("s");
    builder.file(path("a/b/c"), file(1), "a/b/c");
    builder.endSource();
    FileTree tree = builder.build();
    Directory a = (Directory) at(tree, "a");
    assertEquals(Metadata.of(0755, 0, 0, T), a.metadata());
    assertEquals(Metadata.of(0755, 0, 0, T), tree.root().metadata());
  }

  @Test
  void testFile_laterSourceReplacesSilently_sameSourceWarns() throws InvalidInputException {
    builder.beginSource("one");
    builder.file(path("x"), file(1), "x");
    builder.file(path("x"), file(2), "x");
    builder.beginSource("two");
    builder.file(path("x"), file(3), "x");
    FileTree tree = builder.build();
    assertEquals(3, ((RegularFile) at(tree, "x")).size());
    assertEquals(List.of("one: 'x' appears twice; the later entry wins"), listener.warnings());
  }

  @Test
  void testDirectory_mergesAndUpdatesMetadata() throws InvalidInputException {
    builder.beginSource("one");
    builder.file(path("d/f"), file(1), "d/f");
    builder.beginSource("two");
    builder.directory(path("d"), Metadata.of(0700, 5, 5, T), "d");
    builder.file(path("d/g"), file(2), "d/g");
    FileTree tree = builder.build();
    Directory d = (Directory) at(tree, "d");
    assertEquals(0700, d.metadata().permissions());
    assertEquals(2, d.entries().size());
    assertTrue(listener.warnings().isEmpty(), listener.warnings().toString());
  }

  @Test
  void testFile_replacingDirectoryWarns() throws InvalidInputException {
    builder.beginSource("one");
    builder.file(path("d/f"), file(1), "d/f");
    builder.beginSource("two");
    builder.file(path("d"), file(2), "d");
    FileTree tree = builder.build();
    assertInstanceOf(RegularFile.class, at(tree, "d"));
    assertEquals(
        List.of("two: 'd' replaces a directory and everything in it"), listener.warnings());
  }

  @Test
  void testFile_underSymlinkRefused() throws InvalidInputException {
    builder.beginSource("s.tar");
    builder.file(
        path("a"),
        new Symlink(builder.newInode(), Metadata.of(0777, 0, 0, T), "/etc".getBytes()),
        "a");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> builder.file(path("a/passwd"), file(1), "a/passwd"));
    assertEquals(
        "s.tar: entry 'a/passwd': 'a' is a symlink (links are stored, never followed)",
        e.getMessage());
  }

  @Test
  void testHardLink_chainsResolveToOneInode() throws InvalidInputException {
    builder.beginSource("s");
    builder.hardLink(path("c"), path("b"), "c");
    builder.hardLink(path("b"), path("a"), "b");
    RegularFile a = file(7);
    builder.file(path("a"), a, "a");
    builder.endSource();
    FileTree tree = builder.build();
    long ino = ((RegularFile) at(tree, "a")).inode();
    assertEquals(ino, ((RegularFile) at(tree, "b")).inode());
    assertEquals(ino, ((RegularFile) at(tree, "c")).inode());
  }

  @Test
  void testHardLink_cycleRefused() throws InvalidInputException {
    builder.beginSource("s.tar");
    builder.hardLink(path("a"), path("b"), "a");
    builder.hardLink(path("b"), path("a"), "b");
    InvalidInputException e = assertThrows(InvalidInputException.class, builder::endSource);
    assertEquals("s.tar: hard link cycle: a -> b -> a", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing", "dir"})
  void testHardLink_badTargetRefused(String target) throws InvalidInputException {
    builder.beginSource("s.tar");
    builder.directory(path("dir"), Metadata.of(0755, 0, 0, T), "dir");
    builder.hardLink(path("l"), path(target), "l");
    InvalidInputException e = assertThrows(InvalidInputException.class, builder::endSource);
    assertTrue(
        e.getMessage().startsWith("s.tar: hard link 'l': target '" + target + "'"), e.getMessage());
  }

  @Test
  void testBuild_shuffledInsertionGivesEqualTrees() throws InvalidInputException {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      paths.add("d" + (i % 7) + "/s" + (i % 3) + "/f" + i);
    }
    FileTree first = null;
    for (long seed = 1; seed <= 5; seed++) {
      Collections.shuffle(paths, new Random(seed));
      TreeBuilder b = new TreeBuilder(ProgressListener.NONE);
      b.beginSource("s");
      for (String p : paths) {
        b.file(
            path(p),
            new RegularFile(
                b.newInode(),
                Metadata.of(0644, 0, 0, T),
                new FileContent(Path.of("/x/" + p), 0, p.length())),
            p);
      }
      b.endSource();
      FileTree tree = b.build();
      if (first == null) {
        first = tree;
      }
      assertEquals(first, tree);
    }
  }

  @Test
  void testHardLink_takesTheTargetAsItStandsLikeGnuTar() throws InvalidInputException {
    // tar: f (1 byte), g linked to f, f again (2 bytes): GNU tar extracts g = old f, f = new f
    builder.beginSource("s");
    builder.file(path("f"), file(1), "f");
    builder.hardLink(path("g"), path("f"), "g");
    builder.file(path("f"), file(2), "f");
    builder.endSource();
    FileTree tree = builder.build();
    // inode numbers are given anew in tree order; the sizes tell the two files apart
    assertEquals(1, ((RegularFile) at(tree, "g")).size());
    assertEquals(2, ((RegularFile) at(tree, "f")).size());
    assertNotEquals(((RegularFile) at(tree, "f")).inode(), ((RegularFile) at(tree, "g")).inode());
    assertEquals(List.of("s: 'f' appears twice; the later entry wins"), listener.warnings());
  }

  @Test
  void testBuild_hardLinkSharesNode() throws InvalidInputException {
    builder.beginSource("s");
    RegularFile f = file(1);
    builder.file(path("x"), f, "x");
    builder.file(path("y"), f, "y");
    FileTree tree = builder.build();
    assertSame(((RegularFile) at(tree, "x")).content(), ((RegularFile) at(tree, "y")).content());
    assertEquals(((RegularFile) at(tree, "x")).inode(), ((RegularFile) at(tree, "y")).inode());
  }

  /** d/{f, s/{g}} with fresh inode numbers from {@code b}. */
  private static Directory sample(TreeBuilder b) {
    Metadata m = Metadata.of(0750, 1, 2, T);
    NonDirectory f = new RegularFile(b.newInode(), m, new FileContent(Path.of("/x/f"), 0, 1));
    NonDirectory g = new RegularFile(b.newInode(), m, new FileContent(Path.of("/x/g"), 0, 2));
    Directory s = new Directory(m, List.of(new DirEntry(Name.of("g"), g)));
    return new Directory(m, List.of(new DirEntry(Name.of("f"), f), new DirEntry(Name.of("s"), s)));
  }

  /** What {@link TreeBuilder#subtree} stands for: every entry added one by one. */
  private static void addEntries(TreeBuilder b, List<Name> path, Directory d, String entry)
      throws InvalidInputException {
    b.directory(path, d.metadata(), entry);
    for (DirEntry e : d.entries()) {
      List<Name> sub = new ArrayList<>(path);
      sub.add(e.name());
      if (e.node() instanceof Directory sd) {
        addEntries(b, sub, sd, entry + "/" + e.name());
      } else {
        b.file(sub, (NonDirectory) e.node(), entry + "/" + e.name());
      }
    }
  }

  @Test
  void testSubtree_keptAsItIsWhenNothingIsThere() throws InvalidInputException {
    builder.beginSource("one");
    Directory d = sample(builder);
    builder.subtree(path("d"), d, "d");
    builder.endSource();
    assertSame(d, at(builder.build(), "d"));
  }

  /** Later entries reaching into a subtree, replacing it, or a subtree merging into a directory. */
  @ParameterizedTest
  @ValueSource(strings = {"into", "replaceByFile", "mergeOver", "hardLinkInto", "under"})
  void testSubtree_sameTreeAndWarningsAsEntryByEntry(String overlay) throws InvalidInputException {
    List<Object> results = new ArrayList<>();
    for (boolean whole : new boolean[] {true, false}) {
      RecordingListener seen = new RecordingListener();
      TreeBuilder b = new TreeBuilder(seen);
      Metadata m = Metadata.of(0700, 0, 0, T);
      FileContent c = new FileContent(Path.of("/y"), 0, 3);
      b.beginSource("one");
      if (overlay.equals("mergeOver")) {
        b.file(path("d/s/h"), new RegularFile(b.newInode(), m, c), "d/s/h");
      }
      Directory d = sample(b);
      if (whole) {
        b.subtree(path("d"), d, "d");
      } else {
        addEntries(b, path("d"), d, "d");
      }
      b.endSource();
      b.beginSource("two");
      String error = null;
      try {
        switch (overlay) {
          case "into" -> {
            b.directory(path("d/s"), m, "d/s");
            b.file(path("d/s/h"), new RegularFile(b.newInode(), m, c), "d/s/h");
          }
          case "replaceByFile" -> b.file(path("d"), new RegularFile(b.newInode(), m, c), "d");
          case "hardLinkInto" -> b.hardLink(path("l"), path("d/s/g"), "l");
          case "under" -> b.file(path("d/f/x"), new RegularFile(b.newInode(), m, c), "d/f/x");
          default -> {}
        }
        b.endSource();
      } catch (InvalidInputException e) {
        error = e.getMessage();
      }
      results.add(List.of(b.build(), seen.warnings(), String.valueOf(error)));
    }
    assertEquals(results.get(0), results.get(1));
  }
}
