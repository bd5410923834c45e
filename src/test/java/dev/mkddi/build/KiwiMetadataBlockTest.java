package dev.mkddi.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.PemSigningKey;
import dev.mkddi.sign.SigningKey;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KiwiMetadataBlockTest {
  private static final int BLOCK = 4096;
  private static final byte[] SALT = {0x5a, 0x17};

  @TempDir Path dir;

  private static VerityParams noSuperblock(long dataBlocks, long hashOffset) {
    return new VerityParams(
        VerityHash.SHA256,
        BLOCK,
        BLOCK,
        VerityHashType.NORMAL,
        SALT,
        null,
        false,
        hashOffset,
        dataBlocks);
  }

  private static byte[] block(String text) {
    byte[] b = new byte[BLOCK];
    byte[] t = text.replace('|', (char) 0xFF).getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(t, 0, b, 0, t.length);
    return b;
  }

  @Test
  void testParse_readsWhatKiwiVerityMetadataWrites() throws Exception {
    PemSigningKey key =
        SigningKey.load(
            TestImages.signFixture("test-only-rsa.key"),
            TestImages.signFixture("test-only-rsa.crt"),
            null);
    VerityParams p = noSuperblock(12, 12 * BLOCK);
    byte[] root = new byte[32];
    Arrays.fill(root, (byte) 0x3c);
    byte[] block = KiwiVerityMetadata.encode("erofs", p, root, key.privateKey(), new byte[16]);
    KiwiMetadataBlock k = KiwiMetadataBlock.parse(block, "x.raw", 0).orElseThrow();
    assertEquals(p, k.params());
    assertEquals(Hex.encode(root), k.rootHash());
  }

  @Test
  void testParse_otherContentIsNotABlock() throws Exception {
    assertEquals(Optional.empty(), KiwiMetadataBlock.parse(new byte[BLOCK], "x", 0));
    assertEquals(Optional.empty(), KiwiMetadataBlock.parse(block("hello|world|"), "x", 0));
    assertEquals(Optional.empty(), KiwiMetadataBlock.parse(block("1 erofs ro verity"), "x", 0));
  }

  @Test
  void testParse_noSaltAndChromeOsFormat() throws Exception {
    KiwiMetadataBlock k =
        KiwiMetadataBlock.parse(
                block("1 squashfs ro verity|0 4096 4096 3 4 sha1 " + "ab".repeat(20) + " -|\0"),
                "x",
                0)
            .orElseThrow();
    assertEquals(VerityHashType.CHROME_OS, k.params().hashType());
    assertEquals(0, k.params().salt().length);
    assertEquals(4 * BLOCK, k.params().hashOffset());
    assertFalse(k.params().superblock());
  }

  @Test
  void testParse_malformedFieldsAreNamed() {
    FormatException e =
        assertThrows(
            FormatException.class,
            () ->
                KiwiMetadataBlock.parse(
                    block("1 erofs ro verity|1 4096 4096 many 4 sha256 ab 00|\0"), "x.raw", 8192));
    assertTrue(
        e.getMessage()
            .startsWith(
                "x.raw: offset 8210: kiwi verity metadata: '1 4096 4096 many 4 sha256 ab 00': "),
        e.getMessage());
    e =
        assertThrows(
            FormatException.class,
            () -> KiwiMetadataBlock.parse(block("1 erofs ro verity|1 4096|\0"), "x.raw", 0));
    assertEquals(
        "x.raw: offset 18: kiwi verity metadata: expected 8 fields, got '1 4096'", e.getMessage());
  }

  /** kiwi's own layout: data, tree at the hash offset without superblock, metadata block last. */
  @Test
  void testVerify_kiwiLayoutWithoutSuperblock() throws Exception {
    long dataBlocks = 10;
    long hashOffset = dataBlocks * BLOCK;
    long partSize = hashOffset + 2 * BLOCK + BLOCK; // data, one tree block, spare, metadata
    GptLayout l = GptLayout.plan(512, BLOCK, List.of(partSize));
    UUID root = UUID.fromString("11111111-2222-4333-8444-555555555555");
    Path img = dir.resolve("kiwi.raw");
    VerityParams p = noSuperblock(dataBlocks, hashOffset);
    try (FileChannel ch =
        FileChannel.open(
            img,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      long off = l.extents().get(0).offset();
      byte[] data = new byte[(int) hashOffset];
      new Random(3).nextBytes(data);
      ch.write(ByteBuffer.wrap(data), off);
      byte[] rootHash =
          VerityHashTree.format(ch, off, ch, off, p, ProgressListener.NONE).rootHash();
      ch.write(
          ByteBuffer.wrap(
              block(
                  "1 erofs ro verity|1 4096 4096 10 10 sha256 "
                      + Hex.encode(rootHash)
                      + " 5a17|\0")),
          off + partSize - BLOCK);
      GptWriter.write(
          ch,
          l.table(
              UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd"),
              List.of(
                  l.partition(
                      0,
                      PartitionTypes.lookup(PartitionDesignator.ROOT, Architecture.X86_64).guid(),
                      root,
                      0,
                      "p.lxroot"))));
    }
    VerifyReport r =
        new ImageVerifier(ProgressListener.NONE)
            .verify(
                new VerifyRequest(img, Optional.empty(), Optional.empty(), OptionalLong.empty()));
    assertTrue(r.ok(), r.toString());
    assertTrue(r.checks().get(4).message().endsWith("no superblock: kiwi's parameters)"));
    assertEquals(
        "systemd.verity_root_data=PARTUUID="
            + root
            + " systemd.verity_root_hash=PARTUUID="
            + root
            + " systemd.verity_root_options=superblock=no,format=1,hash=sha256,"
            + "data-block-size=4096,hash-block-size=4096,data-blocks=10,hash-offset=40960,salt=5a17"
            + " roothash="
            + r.slots().get(0).rootHash(),
        ImageCommandLine.of(img, OptionalLong.empty()).toString());
    assertEquals(
        ImageCommandLine.of(img, OptionalLong.empty()).toString(),
        ImageCommandLine.of(img, OptionalLong.of(40960)).toString());
    CheckFailedException wrong =
        assertThrows(
            CheckFailedException.class, () -> ImageCommandLine.of(img, OptionalLong.of(36864)));
    assertTrue(
        wrong
            .getMessage()
            .endsWith(
                "--hash-offset 36864: no verity superblock at byte 36864 of partition 1"
                    + " (p.lxroot), and kiwi's metadata block puts the hash tree (without"
                    + " superblock) at byte 40960"),
        wrong.getMessage());
    TestImages.flip(img, l.extents().get(0).offset() + 5 * BLOCK);
    VerifyReport bad =
        new ImageVerifier(ProgressListener.NONE)
            .verify(
                new VerifyRequest(img, Optional.empty(), Optional.empty(), OptionalLong.empty()));
    assertTrue(
        bad.firstProblem()
            .orElseThrow()
            .message()
            .startsWith("partition 1 (p.lxroot): data block 5 "),
        bad.toString());
  }
}
