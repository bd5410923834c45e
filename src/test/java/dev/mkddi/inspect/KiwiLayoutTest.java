package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.KiwiTestBlocks;
import dev.mkddi.verity.VerityParams;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verify and cmdline on kiwi's layout: the hash tree inside the root partition, no superblock. */
class KiwiLayoutTest {

  @TempDir Path dir;

  @Test
  void testVerify_kiwiLayoutWithoutSuperblock() throws Exception {
    long dataBlocks = 10;
    long hashOffset = dataBlocks * KiwiTestBlocks.BLOCK;
    long partSize =
        hashOffset
            + 2 * KiwiTestBlocks.BLOCK
            + KiwiTestBlocks.BLOCK; // data, one tree block, spare, metadata
    GptLayout l = GptLayout.plan(512, KiwiTestBlocks.BLOCK, List.of(partSize));
    UUID root = UUID.fromString("11111111-2222-4333-8444-555555555555");
    Path img = dir.resolve("kiwi.raw");
    VerityParams p = KiwiTestBlocks.noSuperblock(dataBlocks, hashOffset);
    byte[] rootHash = InPartitionImage.write(img, l, p, root, "p.lxroot", 3);
    InPartitionImage.put(
        img,
        l.extents().get(0).offset() + partSize - KiwiTestBlocks.BLOCK,
        ByteBuffer.wrap(
            KiwiTestBlocks.block(
                "1 erofs ro verity|1 4096 4096 10 10 sha256 "
                    + Hex.encode(rootHash)
                    + " 5a17|\0")));
    VerifyReport r = new ImageVerifier(ProgressListener.NONE).verify(VerifyRequest.of(img));
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
        String.join(" ", ImageCommandLine.of(img, OptionalLong.empty())));
    assertEquals(
        String.join(" ", ImageCommandLine.of(img, OptionalLong.empty())),
        String.join(" ", ImageCommandLine.of(img, OptionalLong.of(40960))));
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
    TestImages.flip(img, l.extents().get(0).offset() + 5 * KiwiTestBlocks.BLOCK);
    VerifyReport bad = new ImageVerifier(ProgressListener.NONE).verify(VerifyRequest.of(img));
    assertTrue(
        bad.firstProblem()
            .orElseThrow()
            .message()
            .startsWith("partition 1 (p.lxroot): data block 5 "),
        bad.toString());
  }
}
