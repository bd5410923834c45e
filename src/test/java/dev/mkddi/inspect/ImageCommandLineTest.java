package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.gpt.GptLayout;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.verity.KiwiTestBlocks;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel command line of existing images with a hash tree inside the root partition. */
class ImageCommandLineTest {
  private static final int BLOCK = KiwiTestBlocks.BLOCK;
  private static final long DATA_BLOCKS = 4;
  private static final long HASH_OFFSET = DATA_BLOCKS * BLOCK;

  @TempDir Path dir;

  @Test
  void testOf_superblockWithZeroDataBlocks_formatErrorAtTheField() throws Exception {
    Path img = image(0);
    FormatException e =
        assertThrows(
            FormatException.class, () -> ImageCommandLine.of(img, OptionalLong.of(HASH_OFFSET)));
    long superblock = rootOffset() + HASH_OFFSET;
    assertEquals(
        img
            + ": offset "
            + (superblock + 72)
            + ": verity superblock data_blocks: 0: the superblock covers no data",
        e.getMessage());
  }

  @Test
  void testOf_superblockInPartition_hashOffsetOnly() throws Exception {
    Path img = image(DATA_BLOCKS);
    List<String> words = ImageCommandLine.of(img, OptionalLong.of(HASH_OFFSET));
    assertEquals("systemd.verity_root_options=hash-offset=" + HASH_OFFSET, words.get(2));
  }

  private static long rootOffset() throws Exception {
    return layout().extents().get(0).offset();
  }

  private static GptLayout layout() throws Exception {
    return GptLayout.plan(512, BLOCK, List.of(HASH_OFFSET + 4L * BLOCK));
  }

  /** Data, then a superblock stating {@code sbDataBlocks} and the tree; a .roothash beside it. */
  private Path image(long sbDataBlocks) throws Exception {
    GptLayout l = layout();
    Path img = dir.resolve("sb.raw");
    VerityParams p =
        new VerityParams(
            VerityHash.SHA256,
            BLOCK,
            BLOCK,
            VerityHashType.NORMAL,
            KiwiTestBlocks.SALT,
            UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100"),
            true,
            HASH_OFFSET,
            DATA_BLOCKS);
    byte[] rootHash =
        InPartitionImage.write(
            img, l, p, UUID.fromString("11111111-2222-4333-8444-555555555555"), "root", 4);
    InPartitionImage.put(
        img,
        l.extents().get(0).offset() + HASH_OFFSET,
        VeritySuperblock.of(VeritySuperblock.of(p), sbDataBlocks).encode());
    Files.writeString(dir.resolve("sb.roothash"), Hex.encode(rootHash) + "\n");
    return img;
  }
}
