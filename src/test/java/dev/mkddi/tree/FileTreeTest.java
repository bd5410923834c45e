package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileTreeTest {
  private static final Instant OLD = Instant.ofEpochSecond(1000, 5);
  private static final Instant NEW = Instant.ofEpochSecond(2000, 7);

  private static RegularFile file(long inode, Instant mtime) {
    return new RegularFile(
        inode, Metadata.of(0644, 0, 0, mtime), new FileContent(Path.of("/dev/null"), 0, 0));
  }

  private static FileTree tree(long inodeA, long inodeB) {
    RegularFile a = file(inodeA, NEW);
    Directory sub =
        new Directory(Metadata.of(0755, 0, 0, OLD), List.of(new DirEntry(Name.of("b"), a)));
    return FileTree.of(
        new Directory(
            Metadata.of(0755, 0, 0, OLD),
            List.of(
                new DirEntry(Name.of("a"), a),
                new DirEntry(Name.of("c"), file(inodeB, OLD)),
                new DirEntry(Name.of("sub"), sub))));
  }

  @Test
  void testOf_renumbersInodesInTreeOrder() {
    FileTree t = tree(42, 7);
    assertEquals(tree(1, 2), t);
    assertEquals(tree(99, 3), t);
  }

  @Test
  void testOf_refusesTwoNodesWithOneInode() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FileTree.of(
                new Directory(
                    Metadata.of(0755, 0, 0, OLD),
                    List.of(
                        new DirEntry(Name.of("a"), file(1, OLD)),
                        new DirEntry(Name.of("b"), file(1, NEW))))));
  }

  @Test
  void testNewestMtime_includesNestedNodes() {
    assertEquals(NEW, tree(1, 2).newestMtime());
  }

  @Test
  void testClamp_limitsNewerMtimesKeepsHardLinks() {
    Instant limit = Instant.ofEpochSecond(1500);
    FileTree clamped = tree(1, 2).clamp(limit);
    assertEquals(limit, clamped.newestMtime());
    RegularFile a = (RegularFile) clamped.root().entries().get(0).node();
    RegularFile b =
        (RegularFile) ((Directory) clamped.root().entries().get(2).node()).entries().get(0).node();
    assertEquals(a, b);
    assertEquals(limit, a.metadata().mtime());
    assertEquals(OLD, clamped.root().entries().get(1).node().metadata().mtime());
  }

  @Test
  void testEntryCount_countsNamesAndRoot() {
    assertEquals(5, tree(1, 2).entryCount());
  }

  @Test
  void testDirectory_refusesUnsortedEntries() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Directory(
                Metadata.of(0755, 0, 0, OLD),
                List.of(
                    new DirEntry(Name.of("b"), file(1, OLD)),
                    new DirEntry(Name.of("a"), file(2, OLD)))));
  }
}
