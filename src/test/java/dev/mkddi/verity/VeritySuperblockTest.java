package dev.mkddi.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VeritySuperblockTest {
  @TempDir Path dir;

  private static byte[] salt0to31() {
    byte[] s = new byte[32];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) i;
    }
    return s;
  }

  /** verity.md §3: the superblock of the worked example, first 96 bytes. */
  @Test
  void testEncode_workedExample() throws Exception {
    VerityParams p = VerityParams.defaults(1000, salt0to31(), new UUID(0, 0));
    byte[] sb = VeritySuperblock.of(p).encode().array();
    assertEquals(512, sb.length);
    assertEquals(
        "76657269747900000100000001000000" // verity\0\0, version 1, hash type 1
            + "00000000000000000000000000000000" // uuid
            + "73686132353600000000000000000000" // sha256
            + "00000000000000000000000000000000"
            + "0010000000100000e803000000000000" // 4096, 4096, 1000
            + "20000000000000000001020304050607", // salt size 32, pad, salt
        Hex.encode(Arrays.copyOf(sb, 96)));
    for (int i = 88 + 32; i < 512; i++) {
      assertEquals(0, sb[i], "byte " + i);
    }
  }

  @Test
  void testEncode_uuidInTextOrder() {
    UUID id = UUID.fromString("12345678-9abc-def0-1234-56789abcdef0");
    byte[] sb = VeritySuperblock.of(VerityParams.defaults(1, new byte[0], id)).encode().array();
    assertEquals("123456789abcdef0123456789abcdef0", Hex.encode(Arrays.copyOfRange(sb, 16, 32)));
  }

  @Test
  void testRead_vectorRoundTrip() throws Exception {
    byte[] hash;
    try (InputStream in =
        getClass().getResourceAsStream("/dev/mkddi/verity/sha256-4k-salt7/hash.bin")) {
      hash = in.readAllBytes();
    }
    Path f = Files.write(dir.resolve("h"), hash);
    VeritySuperblock sb;
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      sb = VeritySuperblock.read(ch, 0, "h");
    }
    assertEquals(VerityHash.SHA256, sb.hash());
    assertEquals(300, sb.dataBlocks());
    assertEquals(7, sb.salt().length);
    assertEquals(UUID.fromString("12345678-9abc-def0-1234-56789abcdef0"), sb.uuid());
    assertArrayEquals(Arrays.copyOf(hash, 512), sb.encode().array());
    assertEquals(sb, VeritySuperblock.of(sb.toParams(0)));
  }

  /** One broken field at a time; the message names file, offset and field. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "signature, 0, 'x', verity superblock signature",
    "version, 8, '2', 'verity superblock version: expected 1, got 2'",
    "hash_type, 12, '2', 'verity superblock hash_type: expected 0 or 1, got 2'",
    "algorithm, 32, 'whirlpool', 'algorithm: hash algorithm ''whirlpool'' is not supported'",
    "algorithm, 32, 'sHa256', 'algorithm: ''sHa256'' is not ''sha256'': the kernel''s names are"
        + " lower case'",
    "data_block_size, 64, '1000', 'data_block_size: expected a power of two from 512 to 524288,"
        + " got 1000'",
    "hash_block_size, 68, '0', 'hash_block_size: expected a power of two'",
    "data_blocks, 72, '-1', 'data_blocks: expected 0 to'",
    "salt_size, 80, '257', 'salt_size: expected 0 to 256, got 257'"
  })
  void testDecode_brokenField_failsWithFieldName(
      String field, int offset, String value, String message) {
    ByteBuffer b =
        VeritySuperblock.of(VerityParams.defaults(1000, salt0to31(), new UUID(0, 0))).encode();
    b.order(ByteOrder.LITTLE_ENDIAN);
    switch (field) {
      case "signature" -> b.put(offset, (byte) 'V');
      case "algorithm" -> b.put(offset, Arrays.copyOf(value.getBytes(), 32));
      case "salt_size" -> b.putShort(offset, Short.parseShort(value));
      case "data_blocks" -> b.putLong(offset, Long.parseLong(value));
      default -> b.putInt(offset, Integer.parseInt(value));
    }
    FormatException e =
        assertThrows(FormatException.class, () -> VeritySuperblock.decode(b, "hash.img", 4096));
    assertTrue(
        e.getMessage().startsWith("hash.img: offset " + (4096 + offset) + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(4096 + offset, e.offset());
  }

  @Test
  void testRead_shortFile_isFormatException() throws Exception {
    Path f = Files.write(dir.resolve("short"), new byte[100]);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      FormatException e =
          assertThrows(FormatException.class, () -> VeritySuperblock.read(ch, 0, "short"));
      assertTrue(e.getMessage().contains("ends before the 512-byte superblock"), e.getMessage());
    }
  }

  @Test
  void testDecode_upperCaseAlgorithmRefused() throws Exception {
    // veritysetup verify hashes with any case, but passes the name on to the kernel as written,
    // whose crypto API knows only "sha1": the device would not open
    ByteBuffer b =
        VeritySuperblock.of(VerityParams.defaults(1, new byte[0], new UUID(1, 2))).encode();
    b.put(32, "SHA1\0\0".getBytes());
    FormatException e =
        assertThrows(FormatException.class, () -> VeritySuperblock.decode(b, "f", 0));
    assertEquals(
        "f: offset 32: verity superblock algorithm: 'SHA1' is not 'sha1': the kernel's names are"
            + " lower case",
        e.getMessage());
  }
}
