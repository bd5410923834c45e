package dev.mkddi.inspect;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityParams;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Test images of kiwi's layout: one root partition holding its data and, after it, the tree. */
final class InPartitionImage {
  private static final UUID DISK = UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd");

  private InPartitionImage() {}

  /**
   * Writes a new image: a GPT with one x86-64 root partition (the first of {@code l}), seeded
   * random data up to {@code p.hashOffset()} and the hash tree {@code p} describes after it.
   *
   * @return the root hash
   */
  static byte[] write(Path img, GptLayout l, VerityParams p, UUID root, String label, long seed)
      throws Exception {
    try (FileChannel ch =
        FileChannel.open(
            img,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      long off = l.extents().get(0).offset();
      byte[] data = new byte[Math.toIntExact(p.hashOffset())];
      new Random(seed).nextBytes(data);
      ch.write(ByteBuffer.wrap(data), off);
      byte[] rootHash =
          VerityHashTree.format(ch, off, ch, off, p, ProgressListener.NONE).rootHash();
      GptWriter.write(
          ch,
          l.table(
              DISK,
              List.of(
                  l.partition(
                      0,
                      PartitionTypes.lookup(PartitionDesignator.ROOT, Architecture.X86_64).guid(),
                      root,
                      0,
                      label))));
      return rootHash;
    }
  }

  /** Writes {@code bytes} at image offset {@code at}. */
  static void put(Path img, long at, ByteBuffer bytes) throws Exception {
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
      ch.write(bytes, at);
    }
  }
}
