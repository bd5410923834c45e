package dev.mkddi.verity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.sign.PemSigningKey;
import dev.mkddi.sign.SigningKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KiwiMetadataBlockTest {

  @TempDir Path dir;

  @Test
  void testParse_readsWhatKiwiVerityMetadataWrites() throws Exception {
    PemSigningKey key =
        SigningKey.load(
            TestImages.signFixture("test-only-rsa.key"),
            TestImages.signFixture("test-only-rsa.crt"),
            null);
    VerityParams p = KiwiTestBlocks.noSuperblock(12, 12 * KiwiTestBlocks.BLOCK);
    byte[] root = new byte[32];
    Arrays.fill(root, (byte) 0x3c);
    byte[] block = KiwiMetadataBlock.encode("erofs", p, root, key.privateKey(), new byte[16]);
    KiwiMetadataBlock k = KiwiMetadataBlock.parse(block, "x.raw", 0).orElseThrow();
    assertEquals(p, k.params());
    assertEquals(Hex.encode(root), k.rootHash());
  }

  @Test
  void testParse_otherContentIsNotABlock() throws Exception {
    assertEquals(Optional.empty(), KiwiMetadataBlock.parse(new byte[KiwiTestBlocks.BLOCK], "x", 0));
    assertEquals(
        Optional.empty(), KiwiMetadataBlock.parse(KiwiTestBlocks.block("hello|world|"), "x", 0));
    assertEquals(
        Optional.empty(),
        KiwiMetadataBlock.parse(KiwiTestBlocks.block("1 erofs ro verity"), "x", 0));
  }

  @Test
  void testParse_noSaltAndChromeOsFormat() throws Exception {
    KiwiMetadataBlock k =
        KiwiMetadataBlock.parse(
                KiwiTestBlocks.block(
                    "1 squashfs ro verity|0 4096 4096 3 4 sha1 " + "ab".repeat(20) + " -|\0"),
                "x",
                0)
            .orElseThrow();
    assertEquals(VerityHashType.CHROME_OS, k.params().hashType());
    assertEquals(0, k.params().salt().length);
    assertEquals(4 * KiwiTestBlocks.BLOCK, k.params().hashOffset());
    assertFalse(k.params().superblock());
  }

  @Test
  void testParse_malformedFieldsAreNamed() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                KiwiMetadataBlock.parse(
                    KiwiTestBlocks.block("1 erofs ro verity|1 4096 4096 many 4 sha256 ab 00|\0"),
                    "x.raw",
                    8192));
    assertTrue(
        e.getMessage()
            .startsWith(
                "x.raw: offset 8210: kiwi verity metadata: '1 4096 4096 many 4 sha256 ab 00': "),
        e.getMessage());
    e =
        assertThrows(
            FormatException.class,
            () ->
                KiwiMetadataBlock.parse(
                    KiwiTestBlocks.block("1 erofs ro verity|1 4096|\0"), "x.raw", 0));
    assertEquals(
        "x.raw: offset 18: kiwi verity metadata: expected 8 fields, got '1 4096'", e.getMessage());
  }

  /** kiwi's own layout: data, tree at the hash offset without superblock, metadata block last. */
}
