package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.io.ObservedChannel;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityLeaves;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.Optional;

/**
 * Sizes the image file (sparse: unwritten ranges read as zeros) and streams the planned root file
 * system and the content of the extra partitions into their partitions with positional writes, then
 * closes the plan's contents, which deletes their spool files (later steps use only the facts the
 * plan keeps in memory). The root goes through a view of the image that digests its data blocks for
 * dm-verity as they are written (the writer's buffers are at hand, the blocks would otherwise be
 * read back), except a root that does not write from the heap ({@link RootImage#writesFromHeap}: a
 * squashfs spool copied in the kernel). Stateless.
 */
final class WriteRootStep {
  private WriteRootStep() {}

  /**
   * @return the leaf digests of the root's data blocks, empty when they were not collected
   */
  static Optional<VerityLeaves> run(DiskPlan plan, FileChannel image, ProgressListener listener)
      throws IOException {
    try (plan) {
      PositionalIo.writeFully(image, ByteBuffer.allocate(1), plan.diskSize() - 1);
      long root = plan.get(PartitionRole.ROOT).offset();
      Optional<VerityLeaves> leaves =
          plan.filesystem().writesFromHeap()
              ? VerityLeaves.of(plan.verity(), root)
              : Optional.empty();
      FileChannel out = leaves.isPresent() ? new ObservedChannel(image, leaves.get()) : image;
      plan.filesystem().write(out, root, listener);
      for (Map.Entry<Integer, PartitionContent> e : plan.extras().entrySet()) {
        e.getValue().write(image, plan.partitions().get(e.getKey()).offset(), listener);
      }
      return leaves;
    }
  }
}
