package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.RecordingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TreeLoaderTest {
  @TempDir Path dir;
  private final RecordingListener listener = new RecordingListener();

  private FileTree load(TreeLoader loader, boolean allRoot, Path... sources) throws IOException {
    return loader.load(List.of(sources), new TreeOptions(allRoot, dir), listener);
  }

  private static Node at(FileTree tree, String p) {
    Node n = tree.root();
    for (String s : p.split("/")) {
      Name name = Name.of(s);
      n =
          ((Directory) n)
              .entries().stream()
                  .filter(e -> e.name().equals(name))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no " + p))
                  .node();
    }
    return n;
  }

  @Test
  void testLoad_compressedTarReportsProgressOfBothPasses() throws IOException {
    Path zst = Fixtures.copy("tree.tar.zst", dir);
    try (TreeLoader loader = new TreeLoader()) {
      load(loader, false, zst);
    }
    long tarSize = Files.size(Fixtures.copy("tree.tar", dir));
    assertEquals(Files.size(zst), listener.totals().get("decompressing " + zst));
    assertEquals(Files.size(zst), listener.done().get("decompressing " + zst));
    // the second pass reads the decompressed copy, named as the user named the archive
    assertEquals(tarSize, listener.totals().get("reading " + zst));
    assertEquals(tarSize, listener.done().get("reading " + zst));
  }

  @Test
  void testLoad_tarWithEveryEntryType() throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, false, Fixtures.copy("tree.tar", dir));
      assertEquals(0755, t.root().metadata().permissions());
      RegularFile hostname = (RegularFile) at(t, "etc/hostname");
      assertEquals(Instant.ofEpochSecond(1_700_000_000, 500_000_000), hostname.metadata().mtime());
      assertArrayEquals("test\n".getBytes(), TreeDump.read(hostname.content()));
      RegularFile tool = (RegularFile) at(t, "usr/bin/tool");
      assertEquals(04755, tool.metadata().permissions());
      assertEquals(4_000_000, tool.metadata().uid());
      assertEquals(4_000_001, tool.metadata().gid());
      assertEquals(tool, at(t, "usr/bin/hard"));
      assertArrayEquals("tool".getBytes(), ((Symlink) at(t, "usr/bin/link")).target());
      List<Xattr> xattrs = at(t, "usr/bin/cap").metadata().xattrs();
      assertEquals(
          "security.capability=0x01000002ff000000000000000000000000000000, "
              + "trusted.bin=0xdeadbeef, user.note=0x6869",
          xattrs.toString().replace("[", "").replace("]", ""));
      assertEquals(
          new SpecialFile(
                  1,
                  Metadata.of(0644, 0, 0, Instant.ofEpochSecond(1_700_000_000)),
                  SpecialType.CHARACTER_DEVICE,
                  1,
                  3)
              .withInode(((NonDirectory) at(t, "dev/null")).inode()),
          at(t, "dev/null"));
      SpecialFile sda = (SpecialFile) at(t, "dev/sda");
      assertEquals(
          List.of(SpecialType.BLOCK_DEVICE, 8, 0, 0660),
          List.of(sda.type(), sda.major(), sda.minor(), sda.metadata().permissions()));
      assertEquals(SpecialType.FIFO, ((SpecialFile) at(t, "run/fifo")).type());
      assertEquals(4, ((RegularFile) at(t, "n".repeat(200))).size());
      assertEquals(01777, at(t, "tmp").metadata().permissions());
      assertEquals(0755, at(t, "usr").metadata().permissions()); // implicit
    }
    assertTrue(listener.warnings().isEmpty(), listener.warnings().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tree.tar.gz", "tree.tar.xz", "tree.tar.zst", "tree.tar.bz2"})
  void testLoad_compressedTarsGiveTheSameTree(String fixture) throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      List<String> plain = TreeDump.lines(load(loader, false, Fixtures.copy("tree.tar", dir)));
      assertEquals(plain, TreeDump.lines(load(loader, false, Fixtures.copy(fixture, dir))));
    }
  }

  @Test
  void testClose_deletesSpoolFiles() throws IOException {
    Path gz = Fixtures.copy("tree.tar.gz", dir);
    TreeLoader loader = new TreeLoader();
    load(loader, false, gz);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(2, s.count());
    }
    loader.close();
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(gz), s.toList());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"sparse-pax10.tar", "sparse-pax01.tar", "sparse-pax00.tar", "sparse-gnu.tar"})
  void testLoad_sparseFilesInEveryGnuFormat(String fixture) throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, false, Fixtures.copy(fixture, dir));
      List<String> names = t.root().entries().stream().map(e -> e.name().toString()).toList();
      assertEquals(List.of("f", "s"), names);
      byte[] expected = new byte[65536];
      System.arraycopy("mid".getBytes(StandardCharsets.US_ASCII), 0, expected, 40000, 3);
      assertArrayEquals(expected, TreeDump.read(((RegularFile) at(t, "s")).content()));
      assertEquals("hello\n", new String(TreeDump.read(((RegularFile) at(t, "f")).content())));
    }
    assertTrue(listener.warnings().isEmpty(), listener.warnings().toString());
  }

  @Test
  void testLoad_wideDirectoryScannedInNameOrder() throws IOException {
    // 100 000 subdirectories took a minute when the scan joined its forks oldest first
    Path wide = Files.createDirectories(dir.resolve("src/p"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      Files.createDirectory(wide.resolve(Integer.toString(i)));
      expected.add(Integer.toString(i));
    }
    expected.sort(null);
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, false, dir.resolve("src"));
      Directory p = (Directory) at(t, "p");
      assertEquals(expected, p.entries().stream().map(e -> e.name().toString()).toList());
    }
  }

  /**
   * A pax tar with one file {@code p} carrying {@code SCHILY.xattr.<name>} = {@code size} bytes.
   */
  private Path xattrTar(String name, int size) throws IOException {
    Path tar = dir.resolve("x.tar");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
      TarArchiveEntry e = new TarArchiveEntry("p");
      e.setSize(1);
      e.addPaxHeader("SCHILY.xattr." + name, "a".repeat(size));
      out.putArchiveEntry(e);
      out.write('x');
      out.closeArchiveEntry();
    }
    return tar;
  }

  static Stream<Arguments> badXattrs() {
    return Stream.of(
        Arguments.of("user.", 1, "extended attribute name 'user.' has nothing after its namespace"),
        Arguments.of(
            "user.big", 70000, "extended attribute user.big: value of 70000 bytes, Linux allows"),
        Arguments.of("user.big", 65536, "limit: 65544 bytes"),
        Arguments.of("user.big", 5000, "limit: 5008 bytes"));
  }

  @ParameterizedTest
  @MethodSource("badXattrs")
  void testLoad_badXattrsNameArchiveAndEntry(String name, int size, String message)
      throws IOException {
    Path tar = xattrTar(name, size);
    XattrLimit limit =
        xattrs -> {
          int total = xattrs.stream().mapToInt(x -> x.name().length() + x.valueLength()).sum();
          return total > 4000 ? "limit: " + total + " bytes" : null;
        };
    try (TreeLoader loader = new TreeLoader()) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> loader.load(List.of(tar), new TreeOptions(false, dir, limit), listener));
      assertTrue(e.getMessage().startsWith(tar + ": entry 'p': " + message), e.getMessage());
    }
  }

  /** One ustar header for {@code name} whose size field is base-256 -1, checksum fixed. */
  private static byte[] negativeSizeTar() {
    byte[] tar = new byte[10240];
    byte[] h = new byte[512];
    System.arraycopy("neg".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 3);
    System.arraycopy("0000644\0".getBytes(StandardCharsets.US_ASCII), 0, h, 100, 8);
    java.util.Arrays.fill(h, 124, 136, (byte) 0xff); // base-256, all ones: -1
    h[156] = '0';
    System.arraycopy("ustar\00000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, h, 148, 8);
    System.arraycopy(h, 0, tar, 0, 512);
    return tar;
  }

  static Stream<Arguments> badGeneratedArchives() {
    return Stream.of(
        Arguments.of(
            "short".getBytes(StandardCharsets.US_ASCII),
            "not a tar archive (no valid header at offset 0)"),
        Arguments.of(
            "x".repeat(600).getBytes(StandardCharsets.US_ASCII),
            "not a tar archive (no valid header at offset 0)"),
        Arguments.of(negativeSizeTar(), "entry 'neg': invalid size field: -1 is negative"),
        Arguments.of(
            java.util.Arrays.copyOf(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, 12),
            "corrupt or truncated gzip data: unexpected end of data"));
  }

  @ParameterizedTest
  @MethodSource("badGeneratedArchives")
  void testLoad_badGeneratedArchivesGiveOneClearLine(byte[] content, String message)
      throws IOException {
    Path tar = Files.write(dir.resolve("bad.tar"), content);
    try (TreeLoader loader = new TreeLoader()) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> load(loader, false, tar));
      assertEquals(tar + ": " + message, e.getMessage());
    }
  }

  @Test
  void testLoad_nonUtf8NamesKeptAsBytes() throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, false, Fixtures.copy("non-utf8.tar", dir));
      List<DirEntry> entries = t.root().entries();
      assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xe9}, entries.get(0).name().bytes());
      assertArrayEquals(new byte[] {'d', 'i', 'r', (byte) 0xff}, entries.get(1).name().bytes());
    }
  }

  @Test
  void testLoadSources_perSourceOwnerAndTargetDirectory() throws IOException {
    Path overlay = Files.createDirectories(dir.resolve("overlay/etc"));
    Files.writeString(overlay.resolve("motd"), "hi");
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t =
          loader.loadSources(
              List.of(
                  new TreeSource(Fixtures.copy("tree.tar", dir), false, "/opt/app"),
                  new TreeSource(dir.resolve("overlay"), true)),
              new TreeOptions(false, dir),
              listener);
      assertEquals(4_000_000, at(t, "opt/app/usr/bin/tool").metadata().uid());
      assertEquals(0, at(t, "etc/motd").metadata().uid());
      assertEquals(0, at(t, "etc").metadata().uid());
    }
  }

  @Test
  void testLoadSources_targetDirectoryEscapingTheRoot_refused() throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      Path tar = Fixtures.copy("tree.tar", dir);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  loader.loadSources(
                      List.of(new TreeSource(tar, false, "/opt/../..")),
                      new TreeOptions(false, dir),
                      listener));
      assertEquals(
          tar + " (target directory): entry 'opt/../..': '..' would escape the root",
          e.getMessage());
    }
  }

  @Test
  void testLoad_allRootForcesOwner() throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, true, Fixtures.copy("tree.tar", dir));
      assertEquals(0, at(t, "usr/bin/tool").metadata().uid());
      assertEquals(0, at(t, "usr/bin/tool").metadata().gid());
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("traversal-fail.tar", "entry 'a/../../evil': '..' would escape the root"),
        Arguments.of("absolute-fail.tar", "entry '/etc/passwd': absolute path"),
        Arguments.of("link-cycle-fail.tar", "hard link cycle: a -> b -> a"),
        Arguments.of("symlink-parent-fail.tar", "entry 'a/passwd': 'a' is a symlink"),
        Arguments.of(
            "long-symlink-fail.tar",
            "entry 'l': symlink target is 4096 bytes long, Linux allows at most 4095"),
        Arguments.of("truncated-fail.tar", "entry 'f': claims 3000 bytes of data"),
        Arguments.of("truncated-fail.tar.gz", "corrupt or truncated gzip data"),
        Arguments.of("absurd-size-fail.tar", "entry 'g': claims 8589934592 bytes of data"),
        Arguments.of("not-a-tar-fail.tar", "not a tar archive"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void testLoad_badArchivesNameTheEntry(String fixture, String message) throws IOException {
    Path tar = Fixtures.copy(fixture, dir);
    try (TreeLoader loader = new TreeLoader()) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> load(loader, false, tar));
      assertTrue(e.getMessage().startsWith(tar + ": "), e.getMessage());
      assertTrue(e.getMessage().contains(message), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void testLoad_directoryWithModesLinksAndXattrs() throws IOException {
    Path src = Files.createDirectory(dir.resolve("src"));
    Path sub = Files.createDirectories(src.resolve("sub"));
    Path f = Files.writeString(sub.resolve("f"), "hello");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_600_000_000, 123_456_789)));
    Files.createLink(src.resolve("hard"), f);
    Files.createSymbolicLink(src.resolve("link"), Path.of("sub/f"));
    boolean xattrs = setXattr(f, "mkddi", new byte[] {0, 1, (byte) 0xff});
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, false, src);
      RegularFile file = (RegularFile) at(t, "sub/f");
      assertEquals(0750, file.metadata().permissions());
      assertEquals(Instant.ofEpochSecond(1_600_000_000, 123_456_789), file.metadata().mtime());
      assertArrayEquals("hello".getBytes(), TreeDump.read(file.content()));
      assertEquals(file, at(t, "hard"));
      assertArrayEquals("sub/f".getBytes(), ((Symlink) at(t, "link")).target());
      if (xattrs) {
        assertEquals(
            List.of(new Xattr("user.mkddi", new byte[] {0, 1, (byte) 0xff})),
            file.metadata().xattrs());
      }
    }
  }

  @Test
  void testLoad_directoryOverlaysTar() throws IOException {
    Path overlay = Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(overlay.resolve("hostname"), "overlay\n");
    try (TreeLoader loader = new TreeLoader()) {
      FileTree t = load(loader, false, Fixtures.copy("tree.tar", dir), dir.resolve("root"));
      assertArrayEquals(
          "overlay\n".getBytes(StandardCharsets.UTF_8),
          TreeDump.read(((RegularFile) at(t, "etc/hostname")).content()));
      at(t, "usr/bin/tool"); // still there
    }
  }

  @Test
  void testLoad_missingSource() {
    try (TreeLoader loader = new TreeLoader()) {
      assertThrows(InvalidInputException.class, () -> load(loader, false, dir.resolve("nope")));
    }
  }

  private static boolean setXattr(Path p, String name, byte[] value) {
    try {
      Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
          .write(name, ByteBuffer.wrap(value));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // the temp file system keeps no user xattrs
    }
  }

  @Test
  void testXattr_toStringIsHex() {
    assertEquals(
        "user.a=0x" + HexFormat.of().formatHex(new byte[] {1, 2}),
        new Xattr("user.a", new byte[] {1, 2}).toString());
  }
}
