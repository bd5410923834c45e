package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that write the disk image's partitions and table, in the order the orchestrator calls
 * them: root file system, hash tree, signature, GPT last. Each writes with positional writes into
 * the image channel. Stateless.
 */
final class WriteImageSteps {
  private WriteImageSteps() {}

  /**
   * Sizes the image file (sparse: unwritten ranges read as zeros) and streams the root file system
   * into its partition.
   *
   * @param plan the plan
   * @param image the image channel
   * @param listener progress
   * @throws IOException on a write failure
   */
  static void writeRoot(DiskPlan plan, FileChannel image, ProgressListener listener)
      throws IOException {
    PositionalIo.writeFully(image, ByteBuffer.allocate(1), plan.diskSize() - 1);
    plan.filesystem().write(image, plan.get(PartitionRole.ROOT).offset(), listener);
  }

  /**
   * Hashes the root partition (from the page cache, right after it was written) and writes the
   * verity superblock and tree to the hash device.
   *
   * @param plan the plan
   * @param image the image channel
   * @param listener progress
   * @return the verity result with the root hash
   * @throws IOException on a read or write failure
   */
  static VerityResult writeVerity(DiskPlan plan, FileChannel image, ProgressListener listener)
      throws IOException {
    long data = plan.get(PartitionRole.ROOT).offset();
    long hash = plan.get(plan.hashDevice()).offset();
    return VerityHashTree.format(image, data, image, hash, plan.verity(), listener);
  }

  /**
   * @param plan the plan
   * @param rootHash the root hash
   * @return the plan with the root and verity PARTUUIDs set to the root-hash halves (for the
   *     in-partition layout nothing changes)
   */
  static DiskPlan withRootHashUuids(DiskPlan plan, byte[] rootHash) {
    if (!plan.separateVerityPartition()) {
      return plan;
    }
    List<PlannedPartition> parts = new ArrayList<>();
    for (PlannedPartition p : plan.partitions()) {
      parts.add(
          switch (p.role()) {
            case ROOT -> p.withUuid(VerityUuids.dataPartitionUuid(rootHash));
            case ROOT_VERITY -> p.withUuid(VerityUuids.hashPartitionUuid(rootHash));
            default -> p;
          });
    }
    return plan.withPartitions(parts);
  }

  /**
   * Writes bytes at the start of a partition.
   *
   * @param image the image channel
   * @param p the partition
   * @param content at most the partition's size
   * @throws IOException on a write failure
   */
  static void writeContent(FileChannel image, PlannedPartition p, byte[] content)
      throws IOException {
    if (content.length > p.size()) {
      throw new IllegalArgumentException(content.length + " bytes do not fit " + p);
    }
    PositionalIo.writeFully(image, ByteBuffer.wrap(content), p.offset());
  }

  /**
   * Writes the protective MBR and both GPT headers and entry arrays, last.
   *
   * @param plan the plan with the final UUIDs
   * @param image the image channel
   * @throws IOException on a write failure
   */
  static void writeGpt(DiskPlan plan, FileChannel image) throws IOException {
    List<GptPartition> entries = new ArrayList<>();
    int s = plan.sectorSize();
    for (PlannedPartition p : plan.partitions()) {
      GptPartition.checkName(p.label());
      entries.add(
          new GptPartition(
              p.type().guid(),
              p.uuid(),
              p.offset() / s,
              (p.offset() + p.size()) / s - 1,
              p.attributes(),
              p.label()));
    }
    GptWriter.write(image, GptTable.create(s, plan.diskSize(), plan.diskGuid(), entries));
  }
}
