package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityLeaves;
import dev.mkddi.verity.VerityResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hashes the root partition (from the leaf digests taken as it was written, else from the page
 * cache, right after it was written), writes the verity superblock and tree to the hash device, and
 * gives the root and verity partitions the PARTUUIDs the root hash's halves make. Stateless.
 */
final class WriteVerityStep {
  private WriteVerityStep() {}

  /**
   * The plan with its root hash.
   *
   * @param plan the plan with the final PARTUUIDs
   * @param verity the verity result with the root hash
   */
  record Hashed(DiskPlan plan, VerityResult verity) {}

  /**
   * @param leaves the leaf digests {@link WriteRootStep} collected, if it did
   */
  static Hashed run(
      DiskPlan plan, FileChannel image, Optional<VerityLeaves> leaves, ProgressListener listener)
      throws IOException {
    long data = plan.get(PartitionRole.ROOT).offset();
    long hash = plan.get(plan.hashDevice()).offset();
    VerityResult v =
        leaves.isPresent()
            ? VerityHashTree.format(image, image, hash, leaves.get(), listener)
            : VerityHashTree.format(image, data, image, hash, plan.verity(), listener);
    return new Hashed(withRootHashUuids(plan, v.rootHash()), v);
  }

  /** For the in-partition layout nothing changes: its root's PARTUUID stays the seed's. */
  private static DiskPlan withRootHashUuids(DiskPlan plan, byte[] rootHash) {
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
}
