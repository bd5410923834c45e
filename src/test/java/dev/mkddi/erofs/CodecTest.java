package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.Xattr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecTest {
  @Test
  void testDirectorySize_specExample() {
    // the root of mkfs.erofs's image of mktree.sh's tree: 12 entries, names of 57 bytes
    List<byte[]> names = new ArrayList<>();
    String[] n = {
      ".",
      "..",
      "big",
      "deep",
      "dev-null",
      "dev-sda",
      "empty-dir",
      "empty-file",
      "etc",
      "fifo",
      "usr",
      "var"
    };
    for (String s : n) {
      names.add(s.getBytes());
    }
    assertEquals(201, DirectoryCodec.size(names));
  }

  @Test
  void testDirectory_encodeDecodeAcrossBlocks() throws Exception {
    List<DirectoryCodec.Dirent> in = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      in.add(new DirectoryCodec.Dirent(String.format("name-%05d", i).getBytes(), 36 + i, 1));
    }
    List<byte[]> names = in.stream().map(DirectoryCodec.Dirent::name).toList();
    long size = DirectoryCodec.size(names);
    List<DirectoryCodec.Dirent> out = new ArrayList<>();
    long[] seen = {0};
    DirectoryCodec.encode(
        in,
        (block, last) -> {
          byte[] b = new byte[4096];
          int valid = block.remaining();
          block.get(b, 0, valid);
          seen[0] += last ? valid : 4096;
          out.addAll(DirectoryCodec.decodeBlock(b, last ? valid : 4096, "x", 0));
        });
    assertEquals(size, seen[0]);
    assertEquals(in.size(), out.size());
    for (int i = 0; i < in.size(); i++) {
      assertArrayEquals(in.get(i).name(), out.get(i).name());
      assertEquals(in.get(i).nid(), out.get(i).nid());
    }
  }

  @Test
  void testXattr_specExampleEntryLayout() throws Exception {
    byte[] area = XattrCodec.encode(List.of(new Xattr("user.foo", "bar".getBytes())), () -> "/");
    assertEquals(12 + 12, area.length);
    assertArrayEquals(
        new byte[] {3, 1, 3, 0, 'f', 'o', 'o', 'b', 'a', 'r', 0, 0},
        java.util.Arrays.copyOfRange(area, 12, 24));
    assertEquals(4, XattrCodec.icount(area.length));
    assertEquals(List.of(new Xattr("user.foo", "bar".getBytes())), XattrCodec.decode(area, "x", 0));
  }

  @Test
  void testXattr_aclNamesHaveEmptySuffix() throws Exception {
    byte[] area =
        XattrCodec.encode(
            List.of(new Xattr("system.posix_acl_default", new byte[] {2, 0, 0, 0})), () -> "/");
    assertArrayEquals(
        new byte[] {0, 3, 4, 0, 2, 0, 0, 0}, java.util.Arrays.copyOfRange(area, 12, 20));
  }

  @Test
  void testSuperblock_roundTripAndChecksum() throws Exception {
    Superblock sb =
        new Superblock(
            3,
            36,
            10,
            1_700_000_000,
            5,
            99,
            UUID.fromString("01020304-0506-0708-090a-0b0c0d0e0f10"),
            "label");
    byte[] block = new byte[4096];
    ByteBuffer b = LittleEndian.wrap(block).position(1024);
    sb.encode(b);
    assertEquals(sb, Superblock.decode(LittleEndian.wrap(block).position(1024), "x", 1024));
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(block, 1024, 3072);
    assertEquals((int) ~crc.getValue(), Superblock.checksum(block));
  }

  @Test
  void testInodeHeader_extendedRoundTrip() {
    Superblock sb = new Superblock(3, 36, 1, 1000, 0, 1, new UUID(0, 0), "");
    InodeHeader h =
        new InodeHeader(
            true, 2, 5, 0100644, 3, 5_000_000_000L, 77, 9, 4_000_000, 70_000, -5, 999_999_999);
    ByteBuffer b = LittleEndian.allocate(64);
    h.encode(b);
    assertEquals(64, b.position());
    assertEquals(h, InodeHeader.decode(b.position(0), sb));
  }

  @Test
  void testEncodeDevice_specExample() {
    assertEquals(0x441, PlannedInode.encodeDevice(4, 65));
  }
}
