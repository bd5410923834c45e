package dev.mkddi.builder;

import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.DiskSize;
import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.PartitionRole;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.description.VeritySpec;
import dev.mkddi.gpt.GptConstants;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.FileTree;
import dev.mkddi.verity.KiwiMetadataConstants;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans the image before anything is written: the root file system's size, the verity geometry, and
 * the place and size of every partition of the description's {@link DiskLayout}, each 4 KiB aligned
 * from 1 MiB on. Stateless.
 */
final class PlanDiskStep {
  private static final long ALIGN = DiskLayout.ALIGN;

  /** kiwi's metadata block at the end of the root partition. */
  private static final long KIWI_METADATA_SIZE = KiwiMetadataConstants.BLOCK_SIZE;

  private PlanDiskStep() {}

  /**
   * @param ctx the build context
   * @param tree the root tree
   * @param boot the boot files and the ESP size they need, when the image is bootable
   * @param espMinimum the smallest ESP that holds the boot files (0 without them)
   * @param work the work directory, where the root file system may spool
   * @return the plan; closing its file system deletes the spool files
   * @throws InvalidInputException when a fixed size is too small for its content
   */
  static DiskPlan run(
      BuildContext ctx,
      SplitTreeStep.Trees trees,
      Optional<BootFiles> boot,
      long espMinimum,
      Path work)
      throws IOException {
    DiskLayout layout = ctx.description().layout();
    List<UUID> uuids = partitionUuids(ctx);
    UUID rootSeedUuid =
        uuids.get(layout.partitions().indexOf(layout.find(PartitionRole.ROOT).orElseThrow()));
    RootImage fs =
        RootImages.plan(ctx, trees.root(), SeedDerivation.fileSystemUuid(rootSeedUuid), work);
    Map<Integer, PartitionContent> extras = new HashMap<>();
    try {
      for (int i = 0; i < layout.partitions().size(); i++) {
        DiskLayout.Entry e = layout.partitions().get(i);
        if (e.role() == PartitionRole.EXTRA) {
          Optional<PartitionContent> c =
              ExtraPartitions.plan(
                  ctx, e, trees.partitions().get(i), roundUp(e.bytes(), ALIGN), uuids.get(i), work);
          if (c.isPresent()) {
            extras.put(i, c.get());
          } else {
            warnRaw(ctx, e);
          }
        }
      }
      return run(ctx, fs, extras, uuids, boot, espMinimum, trees.root(), work);
    } catch (IOException | RuntimeException e) {
      fs.close();
      for (PartitionContent c : extras.values()) {
        c.close();
      }
      throw e;
    }
  }

  /**
   * @param ctx the build context
   * @return the seed-derived PARTUUID of each partition of the layout, in layout order: the k-th
   *     partition of a type gets {@code partitionUuid(type, k)}. The description's extra partitions
   *     outlive an A/B update (only the slots and the UKI are replaced): without {@code --seed}
   *     theirs derive from {@link SeedDerivation#defaultStateSeed}, which ignores the version
   */
  static List<UUID> partitionUuids(BuildContext ctx) {
    SeedDerivation state =
        ctx.request().seed().isPresent()
            ? ctx.derive()
            : new SeedDerivation(SeedDerivation.defaultStateSeed(ctx.description().name()));
    List<UUID> out = new ArrayList<>();
    Map<UUID, Integer> perType = new HashMap<>();
    for (DiskLayout.Entry e : ctx.description().layout().partitions()) {
      int k = perType.merge(e.type().guid(), 1, Integer::sum) - 1;
      SeedDerivation d = e.role() == PartitionRole.EXTRA ? state : ctx.derive();
      out.add(d.partitionUuid(e.type().guid(), k));
    }
    return out;
  }

  private static DiskPlan run(
      BuildContext ctx,
      RootImage fs,
      Map<Integer, PartitionContent> extras,
      List<UUID> uuids,
      Optional<BootFiles> boot,
      long espMinimum,
      FileTree rootTree,
      Path work)
      throws IOException {
    DiskSpec disk = ctx.description().disk();
    DiskLayout layout = ctx.description().layout();
    VeritySpec vs = disk.verity();

    long blockAlign = Math.max(ALIGN, vs.dataBlockSize());
    long fsSize = roundUp(fs.sizeBytes(), blockAlign);
    boolean separate = vs.layout() == VerityLayout.PARTITION;
    VerityParams verity = verityParams(ctx, vs, separate ? 0 : fsSize, 1);
    long rootSize;
    long hashSize = 0;
    if (separate) {
      rootSize =
          fixedOrNeeded(
              disk.rootPartitionSize().orElse(0),
              fsSize,
              disk.rootPartitionSizeAttribute(),
              "the root file system");
      verity = verity.withDataBlocks(dataBlocks(vs, rootSize, fsSize));
      long needed = roundUp(VerityGeometry.of(verity).hashDeviceSize(), ALIGN);
      hashSize =
          fixedOrNeeded(vs.partitionSize().orElse(0), needed, "veritypartsize", "the hash tree");
    } else {
      verity = verity.withDataBlocks(dataBlocks(vs, fsSize, fsSize));
      long needed = roundUp(VerityGeometry.of(verity).hashDeviceSize(), ALIGN);
      if (vs.embedMetadata()) {
        needed = Math.addExact(needed, KIWI_METADATA_SIZE);
      }
      rootSize =
          fixedOrNeeded(
              disk.rootPartitionSize().orElse(0),
              needed,
              disk.rootPartitionSizeAttribute(),
              "the root file system and its hash tree");
    }

    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < layout.partitions().size(); i++) {
      DiskLayout.Entry e = layout.partitions().get(i);
      sizes.add(
          switch (e.role()) {
            case ESP -> espSize(ctx, e, espMinimum);
            case ROOT -> rootSize;
            case ROOT_VERITY -> hashSize;
            case ROOT_VERITY_SIG -> e.bytes();
            case EMPTY_SLOT -> sizes.get(layout.slotAOf(i));
            case EXTRA -> roundUp(e.bytes(), ALIGN);
            case OVERLAY_WRITE ->
                disk.size().filter(z -> !z.additive()).isPresent()
                    ? e.bytes()
                    : OverlayWritePartition.kiwiSize(
                        rootTree, disk.overlay().orElseThrow().write().orElseThrow(), rootSize);
          });
    }
    GptLayout gpt = layout(disk, sizes);
    int write = -1;
    for (int i = 0; i < sizes.size(); i++) {
      if (layout.partitions().get(i).role() == PartitionRole.OVERLAY_WRITE) {
        write = i;
      }
    }
    if (write >= 0 && disk.size().isPresent()) {
      // kiwi gives the write partition (p.lxroot, last) all the disk the others leave
      long tail =
          (GptConstants.entryArraySectors(disk.targetBlockSize()) + 1) * disk.targetBlockSize();
      long end = gpt.diskSize() - tail;
      sizes.set(write, (end - gpt.extents().get(write).offset()) / ALIGN * ALIGN);
      gpt = GptLayout.plan(disk.targetBlockSize(), ALIGN, sizes, gpt.diskSize());
    }
    Map<Integer, PartitionContent> contents = new HashMap<>(extras);
    if (write >= 0) {
      contents.put(
          write,
          OverlayWritePartition.plan(
              ctx, disk.overlay().orElseThrow(), sizes.get(write), uuids.get(write), work));
    }
    List<PlannedPartition> parts = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      DiskLayout.Entry e = layout.partitions().get(i);
      GptLayout.Extent x = gpt.extents().get(i);
      parts.add(
          new PlannedPartition(
              e.role(), e.type(), e.label(), x.offset(), x.size(), e.attributes(), uuids.get(i)));
    }
    return new DiskPlan(
        disk.targetBlockSize(),
        gpt.diskSize(),
        ctx.derive().diskGuid(),
        parts,
        fs,
        contents,
        verity,
        separate ? PartitionRole.ROOT_VERITY : PartitionRole.ROOT,
        boot);
  }

  /** The ESP's size: the description's, grown (with a warning) to what the boot files need. */
  private static long espSize(BuildContext ctx, DiskLayout.Entry esp, long espMinimum) {
    long size = Math.max(esp.bytes(), espMinimum);
    if (size > esp.bytes()) {
      ctx.listener()
          .warn(
              "the ESP is grown from "
                  + esp.bytes() / (1 << 20)
                  + (esp.bytes() == DiskSpec.DEFAULT_EFI_PARTITION_SIZE
                      ? " MiB (the default ESP size; efipartsize sets it) to "
                      : " MiB (efipartsize) to ")
                  + size / (1 << 20)
                  + " MiB to hold systemd-boot and the UKI");
    }
    return size;
  }

  private static void warnRaw(BuildContext ctx, DiskLayout.Entry e) {
    ctx.listener()
        .warn(
            ctx.description().file().getFileName()
                + ": partition '"
                + e.label()
                + "' names no filesystem and is left raw; systemd-repart can format it on first"
                + " boot (Format=)");
  }

  private static VerityParams verityParams(
      BuildContext ctx, VeritySpec vs, long hashOffset, long dataBlocks)
      throws InvalidInputException {
    return new VerityParams(
        VerityHash.parse(vs.hashAlgorithm().kernelName()),
        vs.dataBlockSize(),
        vs.hashBlockSize(),
        VerityHashType.NORMAL,
        ctx.derive().veritySalt(),
        ctx.derive().veritySuperblockUuid(),
        true,
        hashOffset,
        dataBlocks);
  }

  /** Data blocks covered: {@code verity_blocks} when a count, else the whole data area. */
  private static long dataBlocks(VeritySpec vs, long areaSize, long fsSize)
      throws InvalidInputException {
    long all = areaSize / vs.dataBlockSize();
    if (vs.dataBlocks().isEmpty()) {
      return all;
    }
    long n = vs.dataBlocks().getAsLong();
    if (n > all) {
      throw new InvalidInputException(
          "verity_blocks="
              + n
              + " is more than the "
              + all
              + " blocks of "
              + vs.dataBlockSize()
              + " bytes the root partition has");
    }
    if (n * vs.dataBlockSize() < fsSize) {
      throw new InvalidInputException(
          "verity_blocks="
              + n
              + " leaves part of the "
              + fsSize
              + "-byte root file system unprotected; use verity_blocks=\"all\" or at least "
              + ceilDiv(fsSize, vs.dataBlockSize()));
    }
    return n;
  }

  private static long fixedOrNeeded(long fixed, long needed, String attribute, String what)
      throws InvalidInputException {
    if (fixed == 0) {
      return needed;
    }
    if (fixed < needed || fixed % ALIGN != 0) {
      throw new InvalidInputException(
          attribute
              + ": "
              + fixed
              + " bytes is "
              + (fixed < needed
                  ? "too small for "
                      + what
                      + ", which needs "
                      + needed
                      + " bytes ("
                      + ceilDiv(needed, 1 << 20)
                      + " MiB)"
                  : "not a multiple of 4096"));
    }
    return fixed;
  }

  private static GptLayout layout(DiskSpec disk, List<Long> sizes) throws InvalidInputException {
    int sector = disk.targetBlockSize();
    GptLayout needed = GptLayout.plan(sector, ALIGN, sizes);
    Optional<DiskSize> size = disk.size();
    if (size.isEmpty()) {
      return needed;
    }
    long wanted =
        size.get().additive()
            ? Math.addExact(needed.diskSize(), roundUp(size.get().bytes(), ALIGN))
            : size.get().bytes();
    if (wanted < needed.diskSize()) {
      throw new InvalidInputException(
          "<size>: the disk needs at least "
              + needed.diskSize()
              + " bytes ("
              + ceilDiv(needed.diskSize(), 1 << 20)
              + " MiB), "
              + wanted
              + " were given");
    }
    return GptLayout.plan(sector, ALIGN, sizes, roundUp(wanted, sector));
  }

  static long roundUp(long v, long align) {
    return Math.multiplyExact(ceilDiv(v, align), align);
  }

  private static long ceilDiv(long v, long d) {
    return (v + d - 1) / d;
  }
}
