package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * Sizes the image file (sparse: unwritten ranges read as zeros) and streams the planned root file
 * system and the content of the extra partitions into their partitions with positional writes, then
 * closes the plan's contents, which deletes their spool files (later steps use only the facts the
 * plan keeps in memory). Stateless.
 */
final class WriteRootStep {
  private WriteRootStep() {}

  static void run(DiskPlan plan, FileChannel image, ProgressListener listener) throws IOException {
    try (plan) {
      PositionalIo.writeFully(image, ByteBuffer.allocate(1), plan.diskSize() - 1);
      plan.filesystem().write(image, plan.get(PartitionRole.ROOT).offset(), listener);
      for (Map.Entry<Integer, PartitionContent> e : plan.extras().entrySet()) {
        e.getValue().write(image, plan.partitions().get(e.getKey()).offset(), listener);
      }
    }
  }
}
