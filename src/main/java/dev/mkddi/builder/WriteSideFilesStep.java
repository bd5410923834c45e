package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes the files beside the image ({@link SideFiles}) in the order {@link Outputs#publish}
 * renames them: with {@code --split} one file per partition with content, the command line, the
 * root hash's signature, the root hash and, last, the {@link Manifest}. Stateless.
 */
final class WriteSideFilesStep {
  private WriteSideFilesStep() {}

  /**
   * @return the manifest written
   */
  static Manifest run(
      BuildContext ctx,
      DiskPlan plan,
      FileChannel image,
      byte[] rootHash,
      Optional<byte[]> signature,
      KernelCommandLine cmdline,
      List<Manifest.Artifact> artifacts,
      Outputs outputs)
      throws IOException {
    SideFiles side = ctx.sideFiles();
    List<Path> split = ctx.request().split() ? writeSplit(ctx, plan, image, outputs) : null;
    // the order of publication: the signature before the root hash it signs, the manifest last
    outputs.write(side.cmdline(), cmdline.fileContent().getBytes(StandardCharsets.UTF_8));
    Path p7s = null;
    if (signature.isPresent()) {
      p7s = side.file("roothash.p7s");
      outputs.write(p7s, signature.get());
    }
    outputs.write(side.file("roothash"), SideFiles.rootHashContent(rootHash));
    Manifest manifest = manifest(ctx, plan, rootHash, cmdline.toString(), split, p7s, artifacts);
    outputs.write(side.manifest(), manifest.toJson());
    return manifest;
  }

  private static List<Path> writeSplit(
      BuildContext ctx, DiskPlan plan, FileChannel image, Outputs outputs) throws IOException {
    List<Path> split = new ArrayList<>();
    for (PlannedPartition p : plan.partitions()) {
      if (p.role() == PartitionRole.EMPTY_SLOT
          || p.role() == PartitionRole.EXTRA
          || p.role() == PartitionRole.OVERLAY_WRITE) {
        split.add(null);
        continue;
      }
      Path target = ctx.sideFiles().split(p.type());
      PartitionCopy.sparse(image, p.offset(), p.size(), outputs.create(target).channel());
      split.add(target);
    }
    return split;
  }

  /**
   * @param split the split file of each partition that has one (same order as the plan), or null
   * @param signature the {@code .roothash.p7s} file, or null when unsigned
   */
  private static Manifest manifest(
      BuildContext ctx,
      DiskPlan plan,
      byte[] rootHash,
      String cmdline,
      @Nullable List<@Nullable Path> split,
      @Nullable Path signature,
      List<Manifest.Artifact> artifacts)
      throws InvalidInputException {
    List<Manifest.Partition> parts = new ArrayList<>();
    for (int i = 0; i < plan.partitions().size(); i++) {
      PlannedPartition p = plan.partitions().get(i);
      Path f = split == null ? null : split.get(i);
      parts.add(
          new Manifest.Partition(
              i + 1,
              p.role().name().toLowerCase(Locale.ROOT).replace('_', '-'),
              p.type().name(),
              p.type().guid().toString(),
              p.label(),
              p.uuid().toString(),
              p.offset(),
              p.size(),
              String.format("0x%016x", p.attributes()),
              GptAttribute.flagNames(p.attributes()),
              f == null ? null : f.getFileName().toString()));
    }
    VerityParams v = plan.verity();
    return new Manifest(
        ctx.imagePath().getFileName().toString(),
        ctx.description().name(),
        ctx.description().version(),
        ctx.architecture().canonicalName(),
        ctx.seed().toString(),
        ctx.sourceDateEpoch().map(t -> t.getEpochSecond()).orElse(null),
        plan.sectorSize(),
        plan.diskSize(),
        plan.diskGuid().toString(),
        Hex.encode(rootHash),
        signature != null,
        signature == null ? null : signature.getFileName().toString(),
        ctx.signer().map(s -> s.certificateFingerprint()).orElse(null),
        cmdline,
        new Manifest.Filesystem(
            plan.filesystem().type().kiwiName(),
            plan.filesystem().uuid().map(UUID::toString).orElse(null),
            plan.filesystem().sizeBytes(),
            plan.filesystem().inodeCount(),
            plan.filesystem().buildTime().getEpochSecond()),
        new Manifest.Verity(
            plan.separateVerityPartition()
                ? Manifest.HashDevice.PARTITION
                : Manifest.HashDevice.ROOT_PARTITION,
            v.hash().veritysetupName(),
            v.hashType().code(),
            v.dataBlockSize(),
            v.hashBlockSize(),
            v.dataBlocks(),
            v.hashOffset(),
            Hex.encode(v.salt()),
            String.valueOf(v.uuid())),
        parts,
        artifacts);
  }
}
