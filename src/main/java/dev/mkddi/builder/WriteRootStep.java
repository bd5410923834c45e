package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sizes the image file (sparse: unwritten ranges read as zeros) and streams the planned root file
 * system into its partition with positional writes. Stateless.
 */
final class WriteRootStep {
  private WriteRootStep() {}

  static void run(DiskPlan plan, FileChannel image, ProgressListener listener) throws IOException {
    PositionalIo.writeFully(image, ByteBuffer.allocate(1), plan.diskSize() - 1);
    plan.filesystem().write(image, plan.get(PartitionRole.ROOT).offset(), listener);
  }
}
