package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;
import static dev.mkddi.ext4.Ext4Trees.T;
import static dev.mkddi.ext4.Ext4Trees.bytes;
import static dev.mkddi.ext4.Ext4Trees.meta;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ext4WriterTest {
  @TempDir Path tmp;

  private Path write(FileTree tree, Ext4Options options) throws IOException {
    return write(tree, options, 2);
  }

  private Path write(FileTree tree, Ext4Options options, int threads) throws IOException {
    Path image = Files.createTempFile(tmp, "image", ".ext4");
    Ext4Image planned = Ext4Writer.plan(tree, options, ProgressListener.NONE, threads);
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE, threads);
    }
    assertEquals(planned.sizeBytes(), Files.size(image));
    return image;
  }

  static Xattr acl(int... entries) {
    ByteBuffer b = LittleEndian.allocate(4 + 8 * (entries.length / 3)).putInt(2);
    for (int i = 0; i < entries.length; i += 3) {
      b.putShort((short) entries[i]).putShort((short) entries[i + 1]).putInt(entries[i + 2]);
    }
    return new Xattr("system.posix_acl_access", b.array());
  }

  /** Every kind of entry and the corner cases of the format. */
  static FileTree everyType(Ext4Trees t) {
    List<Xattr> caps =
        List.of(
            new Xattr(
                "security.capability", // cap_net_raw+ep, version 2: the kernel checks the form
                java.util.HexFormat.of().parseHex("0100000200200000000000000000000000000000")),
            new Xattr("security.selinux", "system_u:object_r:bin_t:s0\0".getBytes()),
            new Xattr("user.big", bytes(3000, 2)),
            acl(1, 7, -1, 2, 5, 1000, 4, 5, -1, 0x10, 7, -1, 0x20, 5, -1));
    RegularFile shared = t.file(bytes(4097, 3));
    t.dir("", meta(0755))
        .add("bin/sh", t.file(bytes(10_000, 4), new Metadata(04755, 0, 0, T, caps)))
        .add("bin/hard", shared)
        .add("etc/hard", shared)
        .add("etc/empty", t.file(new byte[0]))
        .add("etc/one", t.file(new byte[] {1}, Metadata.of(0600, 70000, 80000, T.plusNanos(1))))
        .add(
            "etc/old",
            t.file(new byte[] {2}, Metadata.of(0644, 0, 0, Instant.parse("1950-06-01T00:00:00Z"))))
        .add(
            "etc/future",
            t.file(
                new byte[] {3}, Metadata.of(0644, 0, 0, Instant.parse("2200-01-01T00:00:01.5Z"))))
        .add("etc/4095", t.file(bytes(4095, 5)))
        .add("etc/4096", t.file(bytes(4096, 6)))
        .add("etc/zeros", t.file(new byte[3 * BLOCK_SIZE + 5]))
        .add(
            "usr/sparse",
            t.sparse(64L * BLOCK_SIZE + 17, new byte[] {9}, 5L * BLOCK_SIZE, 40L * BLOCK_SIZE))
        .add("usr/fast", t.symlink("x".repeat(59)))
        .add("usr/slow", t.symlink("y".repeat(60)))
        .add("usr/max", t.symlink("z".repeat(4095)))
        .add("dev/null", t.special(SpecialType.CHARACTER_DEVICE, 1, 3))
        .add("dev/sda", t.special(SpecialType.BLOCK_DEVICE, 8, 0))
        .add("dev/big", t.special(SpecialType.CHARACTER_DEVICE, 4095, 0xFFFFF))
        .add("run/fifo", t.special(SpecialType.FIFO, 0, 0))
        .add("run/sock", t.special(SpecialType.SOCKET, 0, 0))
        .add("n".repeat(255), t.file(new byte[] {4}))
        .dir("tmp", meta(01777))
        .dir("setgid", meta(02750));
    return t.build();
  }

  @Test
  void testWrite_everyEntryTypeRoundTripsReadOnly() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Ext4Check.check(tree, write(tree, Ext4Options.defaults().withReadOnly(true)));
  }

  @Test
  void testWrite_everyEntryTypeRoundTripsWritable() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Path image = write(tree, Ext4Options.defaults().withSize(64 << 20));
    Path checked = image;
    try (FileChannel ch = FileChannel.open(checked)) {
      Ext4Reader r = Ext4Check.check(tree, ch, 0, null);
      assertEquals(64 << 20, r.sizeBytes());
      JournalSuperblock j = r.journal().orElseThrow();
      assertEquals(1024, j.maxlen());
      assertEquals(r.uuid(), j.uuid());
      assertEquals(0, j.start());
    }
  }

  @Test
  void testWrite_readOnlyFeaturesAndMinimalSize() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Path image = write(tree, Ext4Options.defaults().withReadOnly(true));
    try (FileChannel ch = FileChannel.open(image)) {
      Superblock sb = Ext4Reader.open(ch, 0, "image").superblock();
      assertEquals(COMPAT_EXT_ATTR | COMPAT_DIR_INDEX, sb.compat());
      assertEquals(
          INCOMPAT_FILETYPE | INCOMPAT_EXTENTS | INCOMPAT_64BIT | INCOMPAT_FLEX_BG, sb.incompat());
      assertTrue((sb.roCompat() & RO_COMPAT_READONLY) != 0);
      assertEquals(0, sb.reservedBlocks());
      assertEquals(0, sb.freeBlocks(), "every block is used");
      assertEquals(0, sb.reservedGdtBlocks());
      assertTrue(Ext4Reader.open(ch, 0, "image").journal().isEmpty());
    }
  }

  @Test
  void testWrite_writableFeaturesMatchMke2fs() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Path image = write(tree, Ext4Options.defaults().withSize(1L << 30));
    try (FileChannel ch = FileChannel.open(image)) {
      Superblock sb = Ext4Reader.open(ch, 0, "image").superblock();
      assertEquals(
          COMPAT_HAS_JOURNAL | COMPAT_EXT_ATTR | COMPAT_RESIZE_INODE | COMPAT_DIR_INDEX,
          sb.compat());
      assertEquals(0, sb.roCompat() & RO_COMPAT_READONLY);
      assertEquals(65536, sb.inodesCount());
      assertEquals(13107, sb.reservedBlocks());
      assertEquals(127, sb.reservedGdtBlocks());
    }
  }

  @Test
  void testWrite_largeDirectoriesAreHtreesFoundByHash() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    RegularFile f = t.file(new byte[] {1});
    for (int i = 0; i < 10_000; i++) {
      t.add("big/entry-with-a-name-" + i, f);
    }
    for (int i = 0; i < 300; i++) {
      t.add("mid/" + "m".repeat(200) + i, t.file(new byte[0]));
    }
    FileTree tree = t.build();
    Path image = write(tree, Ext4Options.defaults().withReadOnly(true));
    Path checked = image;
    try (FileChannel ch = FileChannel.open(checked)) {
      Ext4Reader r = Ext4Check.check(tree, ch, 0, null);
      long big = r.lookup(ROOT_INO, "big".getBytes()).orElseThrow();
      assertTrue((r.inode(big).flags() & EXT4_INDEX_FL) != 0);
      assertTrue(r.lookup(big, "entry-with-a-name-10000".getBytes()).isEmpty());
    }
  }

  @Test
  void testWrite_twoLevelHtree() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    RegularFile f = t.file(new byte[0]);
    for (int i = 0; i < 60_000; i++) {
      t.add("d/" + "x".repeat(40) + i, f);
    }
    FileTree tree = t.build();
    Path image = write(tree, Ext4Options.defaults().withReadOnly(true));
    try (FileChannel ch = FileChannel.open(image)) {
      Ext4Reader r = Ext4Reader.open(ch, 0, "image");
      long d = r.lookup(ROOT_INO, "d".getBytes()).orElseThrow();
      Inode di = r.inode(d);
      ByteBuffer root = r.dirBlock(d, di, 0);
      assertEquals(1, root.get(DX_ROOT_INFO_OFFSET + 6), "indirect levels");
      for (int i = 0; i < 60_000; i += 7) {
        assertTrue(r.lookup(d, ("x".repeat(40) + i).getBytes()).isPresent(), "entry " + i);
      }
      assertEquals(60_002, r.list(d).size());
    }
  }

  @Test
  void testWrite_reproducibleAcrossThreadCounts() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Ext4Options o = Ext4Options.defaults().withSize(32 << 20).withSeed(UUID.randomUUID());
    assertArrayEquals(Files.readAllBytes(write(tree, o, 1)), Files.readAllBytes(write(tree, o, 4)));
  }

  @Test
  void testPlan_uuidFromSeedOrOption() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    UUID seed = UUID.fromString("11111111-2222-3333-4444-555555555555");
    Ext4Image a =
        Ext4Writer.plan(tree, Ext4Options.defaults().withSeed(seed), ProgressListener.NONE);
    Ext4Image b =
        Ext4Writer.plan(
            tree, Ext4Options.defaults().withSeed(seed).withLabel("var"), ProgressListener.NONE);
    Ext4Image c =
        Ext4Writer.plan(tree, Ext4Options.defaults().withReadOnly(true), ProgressListener.NONE);
    Ext4Image d = Ext4Writer.plan(tree, Ext4Options.defaults(), ProgressListener.NONE);
    assertEquals(
        a.uuid(),
        Ext4Writer.plan(tree, Ext4Options.defaults().withSeed(seed), ProgressListener.NONE).uuid());
    assertNotEquals(a.uuid(), b.uuid());
    assertNotEquals(c.uuid(), d.uuid(), "read-only and writable images of one tree differ");
    assertEquals(4, a.uuid().version());
    UUID given = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    assertEquals(
        given,
        Ext4Writer.plan(tree, Ext4Options.defaults().withUuid(given), ProgressListener.NONE)
            .uuid());
  }

  @Test
  void testWrite_sourceDateEpochClampsTimes() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    Instant epoch = T.minusSeconds(3600);
    t.add("new", t.file(new byte[] {1}))
        .add("old", t.file(new byte[] {2}, Metadata.of(0644, 0, 0, epoch.minusSeconds(5))));
    FileTree tree = t.build();
    Path image = write(tree, Ext4Options.defaults().withSourceDateEpoch(epoch).withReadOnly(true));
    try (FileChannel ch = FileChannel.open(image)) {
      Ext4Check.check(tree, ch, 0, epoch);
      assertEquals(epoch.getEpochSecond(), Ext4Reader.open(ch, 0, "image").superblock().time());
    }
  }

  @Test
  void testWrite_insideLargerFileAtOffset() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Ext4Image planned =
        Ext4Writer.plan(tree, Ext4Options.defaults().withReadOnly(true), ProgressListener.NONE);
    Path disk = tmp.resolve("disk");
    long offset = 1 << 20;
    try (FileChannel ch =
        FileChannel.open(
            disk,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xaa}), offset - 1);
      planned.write(ch, offset, ProgressListener.NONE);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xbb}), offset + planned.sizeBytes());
      Ext4Check.check(tree, ch, offset, null);
    }
    byte[] all = Files.readAllBytes(disk);
    assertEquals((byte) 0xaa, all[(int) offset - 1]);
    assertEquals((byte) 0xbb, all[(int) (offset + planned.sizeBytes())]);
  }

  @Test
  void testWithSize_fillsAPartitionWithoutRescanning() throws IOException {
    FileTree tree = everyType(new Ext4Trees(tmp));
    Ext4Image minimal = Ext4Writer.plan(tree, Ext4Options.defaults(), ProgressListener.NONE);
    Ext4Image sized = minimal.withSize(100 << 20);
    assertEquals(100 << 20, sized.sizeBytes());
    assertEquals(minimal.uuid(), sized.uuid());
    Path image = tmp.resolve("sized");
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sized.write(ch, 0, ProgressListener.NONE);
    }
    Ext4Check.check(tree, image);
  }

  @Test
  void testPlan_treeLargerThanSizeRefused() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    t.add("big", t.file(bytes(3 << 20, 7)));
    FileTree tree = t.build();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                Ext4Writer.plan(
                    tree, Ext4Options.defaults().withSize(2 << 20), ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith("the tree needs an ext4 of at least "), e.getMessage());
    assertTrue(e.getMessage().endsWith(", the size given is 2097152"), e.getMessage());
  }

  @Test
  void testPlan_lostAndFoundThatIsNotADirectoryRefused() {
    Ext4Trees t = new Ext4Trees(tmp);
    t.add("lost+found", t.file(new byte[] {1}));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Ext4Writer.plan(t.build(), Ext4Options.defaults(), ProgressListener.NONE));
    assertEquals(
        "/lost+found: ext4 keeps its lost+found directory there, but the tree has a file of that"
            + " name",
        e.getMessage());
  }

  @Test
  void testWrite_lostAndFoundOfTheTreeIsKept() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    t.add("lost+found/#12", t.file(new byte[] {1})).dir("lost+found", Metadata.of(0700, 0, 0, T));
    FileTree tree = t.build();
    Path checked = write(tree, Ext4Options.defaults().withReadOnly(true));
    try (FileChannel ch = FileChannel.open(checked)) {
      Ext4Reader r = Ext4Check.check(tree, ch, 0, null);
      assertEquals(FIRST_INO, r.lookup(ROOT_INO, "lost+found".getBytes()).orElseThrow());
    }
  }

  @Test
  void testPlan_xattrsTooLargeRefusedWithPath() {
    Ext4Trees t = new Ext4Trees(tmp);
    t.add(
        "etc/x",
        t.file(
            new byte[] {1},
            new Metadata(0644, 0, 0, T, List.of(new Xattr("user.huge", new byte[5000])))));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Ext4Writer.plan(t.build(), Ext4Options.defaults(), ProgressListener.NONE));
    assertEquals(
        "/etc/x: extended attributes of 5020 bytes (names and values, padded); ext4 with 4096-byte"
            + " blocks stores at most 88 in the inode and 4060 in one block",
        e.getMessage());
    assertTrue(
        Ext4Writer.XATTR_LIMIT.problem(List.of(new Xattr("user.huge", new byte[5000]))) != null);
    assertNull(Ext4Writer.XATTR_LIMIT.problem(List.of(new Xattr("user.ok", new byte[4000]))));
  }

  @Test
  void testWrite_identicalBlockXattrsShareOneBlock() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    List<Xattr> x = List.of(new Xattr("user.data", bytes(1000, 8)));
    for (int i = 0; i < 10; i++) {
      t.add("f" + i, t.file(new byte[] {(byte) i}, new Metadata(0644, 0, 0, T, x)));
    }
    FileTree tree = t.build();
    Path checked = write(tree, Ext4Options.defaults().withReadOnly(true));
    try (FileChannel ch = FileChannel.open(checked)) {
      Ext4Reader r = Ext4Check.check(tree, ch, 0, null);
      long block = r.inode(r.lookup(ROOT_INO, "f0".getBytes()).orElseThrow()).fileAcl();
      assertTrue(block > 0);
      assertEquals(block, r.inode(r.lookup(ROOT_INO, "f9".getBytes()).orElseThrow()).fileAcl());
      assertEquals(10, r.block(block, 1).getInt(XATTR_H_REFCOUNT));
    }
  }

  @Test
  void testWrite_fragmentedFileGetsADeepExtentTree() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    long[] offsets = new long[2000];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = 2L * i * BLOCK_SIZE; // every other block holds data
    }
    t.add("holes", t.sparse(4000L * BLOCK_SIZE, new byte[] {7}, offsets));
    FileTree tree = t.build();
    Path checked = write(tree, Ext4Options.defaults().withReadOnly(true));
    try (FileChannel ch = FileChannel.open(checked)) {
      Ext4Reader r = Ext4Check.check(tree, ch, 0, null);
      Inode i = r.inode(r.lookup(ROOT_INO, "holes".getBytes()).orElseThrow());
      assertEquals(2, LittleEndian.wrap(i.block()).getShort(6), "depth");
      assertEquals((2000 + 6 + 1) * 8, i.sectors(), "2000 data blocks, 6 leaves, 1 index block");
    }
  }

  @Test
  void testWrite_fuzzedTreesRoundTrip() throws IOException {
    for (long seed = 1; seed <= 8; seed++) {
      Path dir = Files.createDirectories(tmp.resolve("fuzz-" + seed));
      FileTree tree = FuzzTrees.random(new Ext4Trees(dir), seed);
      boolean ro = seed % 2 == 0;
      Ext4Options o = Ext4Options.defaults().withReadOnly(ro);
      try {
        Ext4Check.check(tree, write(tree, o));
      } catch (AssertionError | IOException e) {
        throw new AssertionError(
            "seed " + seed + (ro ? " read-only" : " writable") + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void testWrite_groupsOfManyInodesShrinkBlocksPerGroup() throws IOException {
    Ext4Trees t = new Ext4Trees(tmp);
    for (int i = 0; i < 40_000; i++) {
      t.add("d" + (i % 50) + "/f" + i, t.file(new byte[0]));
    }
    FileTree tree = t.build();
    Path image = write(tree, Ext4Options.defaults().withReadOnly(true));
    try (FileChannel ch = FileChannel.open(image)) {
      Superblock sb = Ext4Reader.open(ch, 0, "image").superblock();
      assertTrue(sb.blocksPerGroup() < 32768, "bpg " + sb.blocksPerGroup());
      assertTrue(sb.inodesPerGroup() <= 32768);
      assertTrue(sb.freeInodes() < 1000, "free inodes " + sb.freeInodes());
    }
  }
}
