package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
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
  private final List<String> warnings = new ArrayList<>();
  private final TreeBuilder builder =
      new TreeBuilder(
          new ProgressListener() {
            @Override
            public void warn(String message) {
              warnings.add(message);
            }
          });

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
    assertEquals(List.of("one: 'x' appears twice; the later entry wins"), warnings);
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
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void testFile_replacingDirectoryWarns() throws InvalidInputException {
    builder.beginSource("one");
    builder.file(path("d/f"), file(1), "d/f");
    builder.beginSource("two");
    builder.file(path("d"), file(2), "d");
    FileTree tree = builder.build();
    assertInstanceOf(RegularFile.class, at(tree, "d"));
    assertEquals(List.of("two: 'd' replaces a directory and everything in it"), warnings);
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
  void testHardLink_cycleRefused() {
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
  void testBuild_hardLinkSharesNode() throws InvalidInputException {
    builder.beginSource("s");
    RegularFile f = file(1);
    builder.file(path("x"), f, "x");
    builder.file(path("y"), f, "y");
    FileTree tree = builder.build();
    assertSame(((RegularFile) at(tree, "x")).content(), ((RegularFile) at(tree, "y")).content());
    assertEquals(((RegularFile) at(tree, "x")).inode(), ((RegularFile) at(tree, "y")).inode());
  }
}
