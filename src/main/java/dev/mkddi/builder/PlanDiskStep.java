package dev.mkddi.builder;

import dev.mkddi.description.DiskSize;
import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.PartitionSpec;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.description.VeritySpec;
import dev.mkddi.erofs.ErofsImage;
import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.SignConstants;
import dev.mkddi.tree.FileTree;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans the image before anything is written: the root file system's size, the verity geometry, and
 * the partitions in disk order — ESP, root, root-verity, root-verity-sig, the empty B slots, the
 * extra partitions — each 4 KiB-aligned from 1 MiB on. Stateless.
 */
final class PlanDiskStep {
  private static final long ALIGN = 4096;
  private static final long SIGNATURE_SIZE = SignConstants.SIGNATURE_PARTITION_SIZE;
  private static final long READ_ONLY = GptAttribute.READ_ONLY.mask();
  private static final long NO_AUTO = GptAttribute.NO_AUTO.mask();

  /** kiwi's metadata block at the end of the root partition. */
  private static final long KIWI_METADATA_SIZE = 4096;

  private PlanDiskStep() {}

  /** A partition before it has a place on the disk. */
  private record Slot(
      PartitionRole role, PartitionType type, String label, long size, long attrs) {}

  /**
   * @param ctx the build context
   * @param tree the root tree
   * @param boot the boot files and the ESP size they need, when the image is bootable
   * @param espMinimum the smallest ESP that holds the boot files (0 without them)
   * @return the plan
   * @throws InvalidInputException when a fixed size is too small for its content
   */
  static DiskPlan run(BuildContext ctx, FileTree tree, Optional<BootFiles> boot, long espMinimum)
      throws IOException {
    DiskSpec disk = ctx.description().disk();
    VeritySpec vs = disk.verity();
    PartitionType rootType = type(PartitionDesignator.ROOT, ctx);
    UUID rootSeedUuid = ctx.derive().partitionUuid(rootType.guid(), 0);
    ErofsImage fs = ErofsWriter.plan(tree, erofsOptions(ctx, rootSeedUuid), ctx.listener());

    long blockAlign = Math.max(ALIGN, vs.dataBlockSize());
    long fsSize = roundUp(fs.sizeBytes(), blockAlign);
    boolean separate = vs.layout() == VerityLayout.PARTITION;
    VerityParams verity = verityParams(ctx, vs, separate ? 0 : fsSize, 1);
    long rootSize;
    long hashSize = 0;
    if (separate) {
      rootSize =
          fixedOrNeeded(
              disk.updateSlotSize().orElse(0), fsSize, "update_slot_size", "the root file system");
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
              disk.updateSlotSize().orElse(0),
              needed,
              "update_slot_size",
              "the root file system and its hash tree");
    }

    List<Slot> slots = new ArrayList<>();
    if (disk.firmware().hasEsp()) {
      long esp = Math.max(disk.efiPartitionSize(), espMinimum);
      if (esp > disk.efiPartitionSize()) {
        ctx.listener()
            .warn(
                "the ESP is grown from "
                    + disk.efiPartitionSize() / (1 << 20)
                    + (disk.efiPartitionSize() == DiskSpec.DEFAULT_EFI_PARTITION_SIZE
                        ? " MiB (the default ESP size; efipartsize sets it) to "
                        : " MiB (efipartsize) to ")
                    + esp / (1 << 20)
                    + " MiB to hold systemd-boot and the UKI");
      }
      slots.add(new Slot(PartitionRole.ESP, type(PartitionDesignator.ESP, ctx), "esp", esp, 0));
    }
    boolean ab = disk.updateSlots() == 2;
    String slotName = ctx.description().name() + "_" + ctx.description().version();
    List<Slot> slotA = new ArrayList<>();
    slotA.add(
        new Slot(
            PartitionRole.ROOT, rootType, ab ? slotName : rootType.name(), rootSize, READ_ONLY));
    if (separate) {
      PartitionType t = type(PartitionDesignator.ROOT_VERITY, ctx);
      slotA.add(
          new Slot(
              PartitionRole.ROOT_VERITY,
              t,
              ab ? slotName + "_verity" : t.name(),
              hashSize,
              READ_ONLY));
      if (ctx.signer().isPresent()) {
        PartitionType s = type(PartitionDesignator.ROOT_VERITY_SIG, ctx);
        slotA.add(
            new Slot(
                PartitionRole.ROOT_VERITY_SIG,
                s,
                ab ? slotName + "_verity_sig" : s.name(),
                SIGNATURE_SIZE,
                READ_ONLY));
      }
    }
    slots.addAll(slotA);
    if (ab) {
      for (Slot a : slotA) {
        slots.add(new Slot(PartitionRole.EMPTY_SLOT, a.type(), "_empty", a.size(), NO_AUTO));
      }
    }
    for (PartitionSpec p : disk.partitions()) {
      if (p.filesystem().isPresent()) {
        ctx.listener()
            .warn(
                ctx.description().file().getFileName()
                    + ": partition '"
                    + p.name()
                    + "' is left unformatted (mkddi writes no "
                    + p.filesystem().get().kiwiName()
                    + "); systemd-repart can format it on first boot (Format="
                    + p.filesystem().get().kiwiName()
                    + ")");
      }
      slots.add(
          new Slot(PartitionRole.EXTRA, extraType(p), p.label(), roundUp(p.size(), ALIGN), 0));
    }
    GptLayout layout = layout(disk, slots);
    List<PlannedPartition> parts = new ArrayList<>();
    Map<UUID, Integer> perType = new HashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      int k = perType.merge(s.type().guid(), 1, Integer::sum) - 1;
      UUID uuid = ctx.derive().partitionUuid(s.type().guid(), k);
      GptLayout.Extent e = layout.extents().get(i);
      parts.add(
          new PlannedPartition(
              s.role(), s.type(), s.label(), e.offset(), e.size(), s.attrs(), uuid));
    }
    return new DiskPlan(
        disk.targetBlockSize(),
        layout.diskSize(),
        ctx.derive().diskGuid(),
        parts,
        fs,
        verity,
        separate ? PartitionRole.ROOT_VERITY : PartitionRole.ROOT,
        boot);
  }

  private static ErofsOptions erofsOptions(BuildContext ctx, UUID rootSeedUuid) {
    String label = ctx.description().disk().rootfsLabel();
    ErofsOptions o =
        ErofsOptions.defaults()
            .withLabel(label)
            .withUuid(SeedDerivation.fileSystemUuid(rootSeedUuid));
    return ctx.sourceDateEpoch().map(o::withSourceDateEpoch).orElse(o);
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

  private static GptLayout layout(DiskSpec disk, List<Slot> slots) throws InvalidInputException {
    List<Long> sizes = slots.stream().map(Slot::size).toList();
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

  private static PartitionType type(PartitionDesignator d, BuildContext ctx) {
    return PartitionTypes.lookup(d, d.isArchitectureSpecific() ? ctx.architecture() : null);
  }

  private static PartitionType extraType(PartitionSpec p) throws InvalidInputException {
    return PartitionTypes.lookup(p.designator().dpsName(), null);
  }

  static long roundUp(long v, long align) {
    return Math.multiplyExact(ceilDiv(v, align), align);
  }

  private static long ceilDiv(long v, long d) {
    return (v + d - 1) / d;
  }
}
