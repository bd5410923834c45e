package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.KiwiTestBlocks;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
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
    try (FileChannel ch =
        FileChannel.open(
            img,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      long off = l.extents().get(0).offset();
      byte[] data = new byte[(int) HASH_OFFSET];
      new Random(4).nextBytes(data);
      ch.write(ByteBuffer.wrap(data), off);
      byte[] rootHash =
          VerityHashTree.format(ch, off, ch, off, p, ProgressListener.NONE).rootHash();
      ch.write(
          VeritySuperblock.of(VeritySuperblock.of(p), sbDataBlocks).encode(), off + HASH_OFFSET);
      GptWriter.write(
          ch,
          l.table(
              UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd"),
              List.of(
                  l.partition(
                      0,
                      PartitionTypes.lookup(PartitionDesignator.ROOT, Architecture.X86_64).guid(),
                      UUID.fromString("11111111-2222-4333-8444-555555555555"),
                      0,
                      "root"))));
      Files.writeString(dir.resolve("sb.roothash"), Hex.encode(rootHash) + "\n");
    }
    return img;
  }
}
