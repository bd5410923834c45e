package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptTestDisks.DATA;
import static dev.mkddi.gpt.GptTestDisks.DISK;
import static dev.mkddi.gpt.GptTestDisks.HASH;
import static dev.mkddi.gpt.GptTestDisks.ROOT_X86;
import static dev.mkddi.gpt.GptTestDisks.ROOT_X86_VERITY;
import static dev.mkddi.gpt.GptTestDisks.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptWriterTest {
  @TempDir Path dir;

  private static GptTable twoPartitions(int s, long diskSize) {
    long mib = (1 << 20) / s;
    return GptTable.create(
        s,
        diskSize,
        DISK,
        List.of(
            new GptPartition(ROOT_X86, DATA, mib, 2 * mib - 1, 1L << 60, "root-x86-64"),
            new GptPartition(ROOT_X86_VERITY, HASH, 2 * mib, 3 * mib - 1, 0, "_empty")));
  }

  @Test
  void testWrite_byteIdenticalToSfdisk512() throws Exception {
    Path want = GptTestDisks.fixture(dir, "sfdisk-512.img.gz");
    Path got = GptTestDisks.write(dir, "ours.img", GptTestDisks.sfdisk512());
    assertEquals(-1, Files.mismatch(want, got));
  }

  @Test
  void testWrite_byteIdenticalToSfdisk4096() throws Exception {
    Path want = GptTestDisks.fixture(dir, "sfdisk-4096.img.gz");
    Path got = GptTestDisks.write(dir, "ours.img", GptTestDisks.sfdisk4096());
    assertEquals(-1, Files.mismatch(want, got));
  }

  @Test
  void testWrite_protectiveMbrAsInSpec() throws Exception {
    Path p = GptTestDisks.write(dir, "d.img", twoPartitions(512, 64L << 20));
    assertArrayEquals(Hex.decode("x", "00000200eeffffff01000000ffff0100"), bytes(p, 446, 16));
    assertArrayEquals(new byte[446], bytes(p, 0, 446));
    assertArrayEquals(new byte[48], bytes(p, 462, 48));
    assertArrayEquals(new byte[] {0x55, (byte) 0xAA}, bytes(p, 510, 2));
  }

  @Test
  void testWrite_mbrSizeCapsAt32Bits() {
    ByteBuffer b = ProtectiveMbr.encode(512, 1L << 33);
    assertEquals(-1, b.getInt(446 + GptConstants.MBR_RECORD_SIZE_LBA));
  }

  @Test
  void testWrite_backupHeaderAtLastLba() throws Exception {
    long total = 131072;
    Path p = GptTestDisks.write(dir, "d.img", twoPartitions(512, total * 512));
    assertEquals(total * 512, Files.size(p));
    ByteBuffer primary = LittleEndian.wrap(bytes(p, 512, 512));
    ByteBuffer backup = LittleEndian.wrap(bytes(p, (total - 1) * 512, 512));
    GptHeader h1 = GptHeader.decode(primary);
    GptHeader h2 = GptHeader.decode(backup);
    assertEquals(
        new GptHeader(1, total - 1, 2048, total - 34, DISK, 2, 128, 128, h1.entryArrayCrc()), h1);
    assertEquals(
        new GptHeader(
            total - 1, 1, 2048, total - 34, DISK, total - 33, 128, 128, h1.entryArrayCrc()),
        h2);
    assertEquals("EFI PART", new String(bytes(p, 512, 8), "US-ASCII"));
    assertEquals(0x00010000, primary.getInt(8));
    assertEquals(92, primary.getInt(12));
    assertEquals(GptHeader.crc(primary, 92), primary.getInt(16));
    assertEquals(GptHeader.crc(backup, 92), backup.getInt(16));
    assertArrayEquals(new byte[512 - 92], Arrays.copyOfRange(primary.array(), 92, 512));
    byte[] entries = bytes(p, 1024, 16384);
    assertArrayEquals(entries, bytes(p, (total - 33) * 512, 16384));
    assertEquals(GptTestDisks.crc(entries), h1.entryArrayCrc());
  }

  @Test
  void testWrite_4096SectorGeometry() throws Exception {
    Path p = GptTestDisks.write(dir, "d.img", twoPartitions(4096, 64L << 20));
    GptHeader h = GptHeader.decode(LittleEndian.wrap(bytes(p, 4096, 4096)));
    assertEquals(256, h.firstUsableLba());
    assertEquals(16378, h.lastUsableLba());
    assertEquals(16383, h.alternateLba());
    GptHeader b = GptHeader.decode(LittleEndian.wrap(bytes(p, 16383L * 4096, 4096)));
    assertEquals(16379, b.entryLba());
    assertArrayEquals(Hex.decode("x", "00000200eeffffff01000000ff3f0000"), bytes(p, 446, 16));
  }

  @Test
  void testWrite_entryEncodingAsInSpec() throws Exception {
    Path p = GptTestDisks.write(dir, "d.img", twoPartitions(512, 64L << 20));
    byte[] e = bytes(p, 1024, 128);
    assertArrayEquals(Hex.decode("x", "e3bc684fcde8b14d96e7fbcaf984b709"), Arrays.copyOf(e, 16));
    assertArrayEquals(
        Hex.decode("x", "160cb5a338cc55309dd953cc0f5179d1"), Arrays.copyOfRange(e, 16, 32));
    assertArrayEquals(
        Hex.decode("x", "0008000000000000ff0f000000000000" + "0000000000000010"),
        Arrays.copyOfRange(e, 32, 56));
    assertArrayEquals(
        Hex.decode("x", "72006f006f0074002d007800380036002d0036003400"),
        Arrays.copyOfRange(e, 56, 78));
    assertArrayEquals(new byte[50], Arrays.copyOfRange(e, 78, 128));
    assertArrayEquals(Hex.decode("x", "5f0065006d00700074007900"), bytes(p, 1024 + 128 + 56, 12));
    assertArrayEquals(new byte[126 * 128], bytes(p, 1024 + 256, 126 * 128));
  }

  @Test
  void testWrite_duplicateUniqueGuidRefused() {
    GptTable t =
        GptTable.create(
            512,
            64L << 20,
            DISK,
            List.of(
                new GptPartition(ROOT_X86, DATA, 2048, 4095, 0, "a"),
                new GptPartition(ROOT_X86, DATA, 4096, 6143, 0, "b")));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> GptTestDisks.write(dir, "d.img", t));
    assertTrue(
        e.getMessage().startsWith("partitions 1 and 2 have the same unique GUID"), e.getMessage());
  }

  @Test
  void testWrite_refusesFileLongerThanDisk() throws Exception {
    Path p = dir.resolve("long.img");
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(1), (65L << 20));
      assertThrows(
          IllegalArgumentException.class, () -> GptWriter.write(ch, twoPartitions(512, 64L << 20)));
    }
  }

  @Test
  void testWrite_refusesMoreThan128Partitions() {
    List<GptPartition> parts = new ArrayList<>();
    for (int i = 0; i < 129; i++) {
      parts.add(new GptPartition(ROOT_X86, UUID.randomUUID(), 2048 + i, 2048 + i, 0, ""));
    }
    GptTable t = GptTable.create(512, 64L << 20, DISK, parts);
    assertThrows(IllegalArgumentException.class, () -> GptTestDisks.write(dir, "d.img", t));
  }

  @Test
  void testPartition_nameLimits() throws Exception {
    new GptPartition(ROOT_X86, DATA, 2048, 2048, 0, "x".repeat(36));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GptPartition(ROOT_X86, DATA, 2048, 2048, 0, "x".repeat(37)));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> GptPartition.checkName("ä".repeat(37)));
    assertTrue(
        e.getMessage().endsWith("is 37 UTF-16 code units long; GPT allows at most 36"),
        e.getMessage());
    assertThrows(InvalidInputException.class, () -> GptPartition.checkName("a\0b"));
    GptPartition.checkName("\uD83D\uDE00".repeat(18));
  }

  @Test
  void testTable_refusesOverlapAndOutOfRange() {
    GptPartition a = new GptPartition(ROOT_X86, DATA, 2048, 4095, 0, "a");
    GptPartition b = new GptPartition(ROOT_X86, HASH, 4095, 6000, 0, "b");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GptTable.create(512, 64L << 20, DISK, List.of(a, b)));
    assertEquals("partitions 1 and 2 overlap", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            GptTable.create(
                512,
                64L << 20,
                DISK,
                List.of(new GptPartition(ROOT_X86, DATA, 2047, 4095, 0, "a"))));
    assertThrows(
        IllegalArgumentException.class, () -> GptTable.create(512, 1L << 20, DISK, List.of()));
  }
}
