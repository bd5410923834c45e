package dev.mkddi.ext4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.Xattr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XattrSetTest {
  private static XattrEntry entry(String name, int size) {
    return XattrEntry.of(new Xattr(name, new byte[size]));
  }

  @Test
  void testPlace_firstFitInTheInodeRestInABlockSortedForLookup() {
    XattrEntry cap = entry("security.capability", 20); // 16 + 12 + 20 = 48
    XattrEntry big = entry("security.selinux", 60); // 16 + 8 + 60 = 84: no longer fits
    XattrEntry small = entry("user.a", 8); // 16 + 4 + 8 = 28: fits after cap
    XattrEntry trusted = entry("trusted.zz", 100);
    XattrSet s = XattrSet.place(List.of(cap, big, small, trusted));
    assertEquals(List.of(cap, small), s.ibody());
    // block order: index (trusted 4 < security 6), then name length, then name
    assertEquals(List.of(trusted, big), s.block());
  }

  @Test
  void testPlace_tooLargeRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> XattrSet.place(List.of(entry("user.a", 4000), entry("user.b", 100))));
    assertEquals(
        "extended attributes of 4140 bytes (names and values, padded); ext4 with 4096-byte blocks"
            + " stores at most 88 in the inode and 4060 in one block",
        e.getMessage());
  }

  @Test
  void testOf_namespaces() {
    assertEquals(XattrEntry.INDEX_USER, entry("user.x", 1).index());
    assertEquals(XattrEntry.INDEX_TRUSTED, entry("trusted.x", 1).index());
    assertEquals(XattrEntry.INDEX_SECURITY, entry("security.x", 1).index());
    assertNull(XattrEntry.of(new Xattr("system.data", new byte[1])));
    assertNull(XattrEntry.of(new Xattr("os2.x", new byte[1])));
  }

  @Test
  void testEncodeIbody_decodesBack() throws Exception {
    List<XattrEntry> entries = new ArrayList<>();
    entries.add(entry("user.one", 3));
    entries.add(XattrEntry.of(new Xattr("user.two", new byte[] {1, 2, 3, 4, 5})));
    entries.add(entry("user.empty", 0));
    XattrSet s = XattrSet.place(entries);
    List<Xattr> back = XattrDecoder.decode(s.encodeIbody(), null, "x");
    assertEquals(
        List.of(
            new Xattr("user.empty", new byte[0]),
            new Xattr("user.one", new byte[3]),
            new Xattr("user.two", new byte[] {1, 2, 3, 4, 5})),
        back);
  }

  @Test
  void testHash_nameThenPaddedValueWords() {
    // ext4_xattr_hash_entry by hand for name "a" and value {1}: 0x61, then (h << 16) ^ 1
    XattrEntry e = XattrEntry.of(new Xattr("user.a", new byte[] {1}));
    assertEquals((0x61 << 16) ^ 1, e.hash());
  }

  @Test
  void testPosixAcl_convertsBothWays() {
    ByteBuffer vfs = LittleEndian.allocate(4 + 8 * 5).putInt(2);
    vfs.putShort((short) 1).putShort((short) 7).putInt(-1);
    vfs.putShort((short) 2).putShort((short) 5).putInt(1000);
    vfs.putShort((short) 4).putShort((short) 5).putInt(-1);
    vfs.putShort((short) 0x10).putShort((short) 7).putInt(-1);
    vfs.putShort((short) 0x20).putShort((short) 4).putInt(-1);
    byte[] ext4 = PosixAcl.toExt4(vfs.array());
    assertEquals(4 + 4 + 8 + 4 + 4 + 4, ext4.length);
    assertEquals(1, LittleEndian.wrap(ext4).getInt(0));
    assertArrayEquals(vfs.array(), PosixAcl.fromExt4(ext4));
    assertThrows(IllegalArgumentException.class, () -> PosixAcl.toExt4(new byte[] {1, 0, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> PosixAcl.toExt4(new byte[7]));
  }
}
