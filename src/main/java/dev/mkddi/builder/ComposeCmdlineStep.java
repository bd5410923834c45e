package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Composes the image's kernel command line: the tree's {@code /etc/kernel/cmdline} (else {@code
 * /usr/lib/kernel/cmdline}), the verity parameters, the description's {@code kernelcmdline}.
 * Stateless.
 */
final class ComposeCmdlineStep {
  private static final List<String> TREE_CMDLINE =
      List.of("/etc/kernel/cmdline", "/usr/lib/kernel/cmdline");

  /** A PARTUUID as long as any, for sizing the command line before the UUIDs are final. */
  private static final UUID LONGEST_UUID = new UUID(-1, -1);

  private ComposeCmdlineStep() {}

  /**
   * @param ctx the build context
   * @param files the root tree
   * @param plan the plan with final UUIDs
   * @param rootHashHex the root hash
   * @return the command line
   * @throws InvalidInputException when the tree's or the description's command line sets {@code
   *     root=} or is malformed
   * @throws IOException when the tree's file cannot be read
   */
  static KernelCommandLine compose(
      BuildContext ctx, TreeFiles files, DiskPlan plan, String rootHashHex) throws IOException {
    return compose(
        ctx,
        files,
        plan.separateVerityPartition(),
        plan.get(PartitionRole.ROOT).uuid(),
        plan.find(PartitionRole.OVERLAY_WRITE).map(PlannedPartition::uuid),
        plan.verity().hashOffset(),
        rootHashHex);
  }

  /**
   * A command line at least as long as the final one, for sizing the UKI and the ESP before the
   * layout and the root hash are known.
   *
   * @param ctx the build context
   * @param files the root tree
   * @param digestSize the root hash's length in bytes
   * @return the stand-in command line
   * @throws IOException as {@link #compose(BuildContext, TreeFiles, DiskPlan, String)}
   */
  static KernelCommandLine longest(BuildContext ctx, TreeFiles files, int digestSize)
      throws IOException {
    boolean separate = ctx.description().disk().verity().layout() == VerityLayout.PARTITION;
    return compose(
        ctx,
        files,
        separate,
        LONGEST_UUID,
        Optional.of(LONGEST_UUID),
        Long.MAX_VALUE,
        "f".repeat(2 * digestSize));
  }

  private static KernelCommandLine compose(
      BuildContext ctx,
      TreeFiles files,
      boolean separate,
      UUID rootUuid,
      Optional<UUID> writeUuid,
      long hashOffset,
      String rootHashHex)
      throws IOException {
    String treeName = null;
    String tree = null;
    for (String path : TREE_CMDLINE) {
      Optional<RegularFile> f = files.file(path);
      if (f.isPresent()) {
        treeName = "root tree " + path;
        tree = new String(TreeFiles.read(f.get()), StandardCharsets.UTF_8);
        break;
      }
    }
    String user = ctx.description().disk().kernelCmdline();
    String userName = ctx.description().file().getFileName() + ": kernelcmdline";
    KernelCommandLine line =
        separate
            ? KernelCommandLine.forVerityPartition(tree, treeName, rootHashHex, user, userName)
            : KernelCommandLine.forEmbeddedVerity(
                tree, treeName, rootUuid, hashOffset, rootHashHex, user, userName);
    return ctx.description().disk().overlay().isPresent() ? line.withOverlayRoot(writeUuid) : line;
  }
}
