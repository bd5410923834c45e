package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.sign.SignConstants;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The partitions of the disk a description asks for, in disk order — ESP, root, root-verity,
 * root-verity-sig, the empty B slots, the extra partitions, the overlay root's write partition —
 * each with its role, DPS type, GPT label, attributes and size rule. The one model of the layout:
 * {@code describe} renders it, the description's checks sum its fixed sizes, and {@code build}
 * gives each partition its place and its bytes. Offsets and the sizes that depend on the root tree
 * are the build's business. Immutable and thread-safe.
 *
 * @param partitions the partitions in disk order
 */
public record DiskLayout(List<Entry> partitions) {
  /** The label of an empty A/B slot, which systemd-sysupdate fills later. */
  public static final String EMPTY_SLOT_LABEL = "_empty";

  /** Partitions start and end on 4 KiB boundaries. */
  public static final long ALIGN = 4096;

  /** Room for the GPT structures and the 1 MiB alignment of the first partition. */
  static final long GPT_OVERHEAD = 2 * Sizes.MIB;

  private static final long READ_ONLY = GptAttribute.READ_ONLY.mask();
  private static final long NO_AUTO = GptAttribute.NO_AUTO.mask();
  private static final long GROW_FILE_SYSTEM = GptAttribute.GROW_FILE_SYSTEM.mask();

  /** Copies the list. */
  public DiskLayout {
    partitions = List.copyOf(partitions);
  }

  /** How a partition's size is decided. */
  public enum SizeRule {
    /** A fixed size from the description. */
    FIXED,
    /** A size from the description the build grows when the boot files need more (the ESP). */
    AT_LEAST,
    /** Just large enough for the root file system. */
    FIT_FILESYSTEM,
    /** The root file system followed by its hash tree (kiwi's in-partition verity). */
    FILESYSTEM_AND_HASH_TREE,
    /** Just large enough for the hash tree of the root. */
    FIT_HASH_TREE,
    /** The size of the same partition in slot A. */
    SAME_AS_SLOT_A,
    /**
     * kiwi's write partition of an overlay root: the rest of a disk of a given size; without one,
     * kiwi's estimate of the root tree in the write file system less the read-only partition; at
     * least the file system's minimum ({@code bytes}).
     */
    REST_OF_DISK
  }

  /**
   * One partition.
   *
   * @param role what it is for
   * @param type its DPS type; {@link PartitionType#name()} is its designator in {@code describe}
   * @param label the GPT partition name
   * @param rule how the size is decided
   * @param bytes the size for {@link SizeRule#FIXED} and {@link SizeRule#AT_LEAST} (for {@link
   *     SizeRule#SAME_AS_SLOT_A}, slot A's when that is fixed), else 0
   * @param attributes the GPT attribute bits
   * @param extra for an {@link PartitionRole#EXTRA} partition, the description's partition: its
   *     file system and mount point
   */
  public record Entry(
      PartitionRole role,
      PartitionType type,
      String label,
      SizeRule rule,
      long bytes,
      long attributes,
      Optional<PartitionSpec> extra) {
    /** Checks for nulls. */
    public Entry {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(extra, "extra");
    }

    /** A partition mkddi makes itself (no description partition behind it). */
    public Entry(
        PartitionRole role,
        PartitionType type,
        String label,
        SizeRule rule,
        long bytes,
        long attributes) {
      this(role, type, label, rule, bytes, attributes, Optional.empty());
    }

    /**
     * @return what fills it, in words: {@code ext4 with /var}, {@code swap}, or empty for a
     *     partition left raw or one mkddi makes itself
     */
    public Optional<String> contentText() {
      if (extra.isEmpty()) {
        return Optional.empty();
      }
      PartitionSpec p = extra.get();
      if (p.designator() == Designator.SWAP) {
        return Optional.of("swap" + labelText(p));
      }
      return p.filesystem()
          .map(
              f ->
                  f.kiwiName()
                      + labelText(p)
                      + p.mountpoint()
                          .map(
                              m ->
                                  " with "
                                      + m
                                      + " (fstab by PARTUUID"
                                      + (p.growFileSystem() ? ", x-systemd.growfs" : "")
                                      + ")")
                          .orElse("")
                      + (p.growFileSystem() ? ", grown to the partition when mounted" : ""));
    }

    private static String labelText(PartitionSpec p) {
      return p.filesystemLabel().isEmpty() ? "" : " labelled " + p.filesystemLabel();
    }

    /**
     * @return the size policy in words, e.g. {@code fixed 20 MiB}
     */
    public String sizePolicy() {
      return switch (rule) {
        case FIXED -> "fixed " + Sizes.human(bytes);
        case AT_LEAST ->
            "at least "
                + Sizes.human(bytes)
                + " (grown at build time if systemd-boot and the UKI need more)";
        case FIT_FILESYSTEM -> "fits the root filesystem";
        case FILESYSTEM_AND_HASH_TREE -> "root filesystem + hash tree";
        case FIT_HASH_TREE -> "fits the hash tree";
        case SAME_AS_SLOT_A -> "same as slot A";
        case REST_OF_DISK -> "rest of the disk, at least " + Sizes.human(bytes);
      };
    }

    /**
     * @return whether the description gives the size ({@link SizeRule#FIXED} or {@link
     *     SizeRule#AT_LEAST})
     */
    public boolean sizeGiven() {
      return rule == SizeRule.FIXED || rule == SizeRule.AT_LEAST;
    }
  }

  /**
   * @param d a loaded description
   * @return the partitions it asks for
   */
  public static DiskLayout of(ImageDescription d) {
    return of(d.disk(), d.name(), d.version(), d.arch());
  }

  /**
   * @param name the image name
   * @param version the image version
   * @param arch the target architecture
   * @return the partitions the disk asks for
   */
  static DiskLayout of(DiskSpec disk, String name, String version, Architecture arch) {
    List<Entry> out = new ArrayList<>();
    if (disk.firmware().hasEsp()) {
      SizeRule rule = disk.bootloader().isPresent() ? SizeRule.AT_LEAST : SizeRule.FIXED;
      out.add(
          new Entry(
              PartitionRole.ESP,
              type(PartitionDesignator.ESP, arch),
              "esp",
              rule,
              disk.efiPartitionSize(),
              0));
    }
    boolean ab = disk.updateSlots() == 2;
    String slotName = slotName(name, version);
    boolean separate = disk.verity().layout() == VerityLayout.PARTITION;
    List<Entry> slotA = new ArrayList<>();
    PartitionType root = type(PartitionDesignator.ROOT, arch);
    slotA.add(
        disk.rootPartitionSize().isPresent()
            ? new Entry(
                PartitionRole.ROOT,
                root,
                ab ? slotName : root.name(),
                SizeRule.FIXED,
                disk.rootPartitionSize().getAsLong(),
                READ_ONLY)
            : new Entry(
                PartitionRole.ROOT,
                root,
                ab ? slotName : root.name(),
                separate ? SizeRule.FIT_FILESYSTEM : SizeRule.FILESYSTEM_AND_HASH_TREE,
                0,
                READ_ONLY));
    if (separate) {
      PartitionType verity = type(PartitionDesignator.ROOT_VERITY, arch);
      String label = ab ? slotLabel(slotName, PartitionRole.ROOT_VERITY) : verity.name();
      slotA.add(
          disk.verity().partitionSize().isPresent()
              ? new Entry(
                  PartitionRole.ROOT_VERITY,
                  verity,
                  label,
                  SizeRule.FIXED,
                  disk.verity().partitionSize().getAsLong(),
                  READ_ONLY)
              : new Entry(
                  PartitionRole.ROOT_VERITY, verity, label, SizeRule.FIT_HASH_TREE, 0, READ_ONLY));
      if (disk.verity().signature().reservesSignature()) {
        PartitionType sig = type(PartitionDesignator.ROOT_VERITY_SIG, arch);
        slotA.add(
            new Entry(
                PartitionRole.ROOT_VERITY_SIG,
                sig,
                ab ? slotLabel(slotName, PartitionRole.ROOT_VERITY_SIG) : sig.name(),
                SizeRule.FIXED,
                SignConstants.SIGNATURE_PARTITION_SIZE,
                READ_ONLY));
      }
    }
    out.addAll(slotA);
    if (ab) {
      for (Entry a : slotA) {
        out.add(
            new Entry(
                PartitionRole.EMPTY_SLOT,
                a.type(),
                EMPTY_SLOT_LABEL,
                a.rule() == SizeRule.FIXED ? SizeRule.FIXED : SizeRule.SAME_AS_SLOT_A,
                a.bytes(),
                NO_AUTO));
      }
    }
    for (PartitionSpec p : disk.partitions()) {
      out.add(
          new Entry(
              PartitionRole.EXTRA,
              extraType(p.designator()),
              p.label(),
              SizeRule.FIXED,
              p.size(),
              growFlag(p),
              Optional.of(p)));
    }
    Optional<Filesystem> write = disk.overlay().flatMap(OverlayRootSpec::write);
    if (write.isPresent()) {
      // kiwi's p.lxroot: a generic Linux partition after the others, so it can grow at the end
      out.add(
          new Entry(
              PartitionRole.OVERLAY_WRITE,
              extraType(Designator.GENERIC),
              OverlayRootSpec.WRITE_PARTITION_LABEL,
              SizeRule.REST_OF_DISK,
              OverlayRootSpec.minimumSize(write.get()),
              0));
    }
    return new DiskLayout(out);
  }

  /**
   * @param role a role that occurs at most once (not {@link PartitionRole#EMPTY_SLOT} or {@link
   *     PartitionRole#EXTRA})
   * @return the partition with that role, if the disk has one
   */
  public Optional<Entry> find(PartitionRole role) {
    return partitions.stream().filter(p -> p.role() == role).findFirst();
  }

  /**
   * @param index the index of an {@link PartitionRole#EMPTY_SLOT} partition
   * @return the index of the slot A partition it mirrors: the B slots follow slot A's partitions in
   *     the same order
   */
  public int slotAOf(int index) {
    if (partitions.get(index).role() != PartitionRole.EMPTY_SLOT) {
      throw new IllegalArgumentException("partition " + index + " is not an empty slot");
    }
    int root = indexOf(PartitionRole.ROOT);
    return root + index - indexOf(PartitionRole.EMPTY_SLOT);
  }

  private int indexOf(PartitionRole role) {
    for (int i = 0; i < partitions.size(); i++) {
      if (partitions.get(i).role() == role) {
        return i;
      }
    }
    throw new IllegalStateException("no " + role + " partition");
  }

  /**
   * @return the bytes the partitions need at least, with the GPT structures: the sizes the
   *     description gives (a B slot counts as much as its fixed slot A, an overlay write partition
   *     its file system's minimum), nothing for the sizes that depend on the root tree
   * @throws ArithmeticException when the sum overflows
   */
  long minimumDiskSize() {
    long need = GPT_OVERHEAD;
    for (Entry e : partitions) {
      if (e.sizeGiven()
          || e.rule() == SizeRule.SAME_AS_SLOT_A
          || e.rule() == SizeRule.REST_OF_DISK) {
        need = Math.addExact(need, e.bytes());
      }
    }
    return need;
  }

  /**
   * The labels mkddi gives the partitions it makes, whether this disk has them or not: the ESP, the
   * root, verity and signature partitions by their DPS names and, for A/B, by {@code
   * <name>_<version>}, the empty B slots, and kiwi's overlay write partition {@code p.lxroot}.
   *
   * @param name the image name
   * @param version the image version
   * @param arch the target architecture
   * @return the labels
   */
  static Set<String> generatedLabels(String name, String version, Architecture arch) {
    String slotName = slotName(name, version);
    return Set.of(
        type(PartitionDesignator.ESP, arch).name(),
        EMPTY_SLOT_LABEL,
        type(PartitionDesignator.ROOT, arch).name(),
        type(PartitionDesignator.ROOT_VERITY, arch).name(),
        type(PartitionDesignator.ROOT_VERITY_SIG, arch).name(),
        slotName,
        slotLabel(slotName, PartitionRole.ROOT_VERITY),
        slotLabel(slotName, PartitionRole.ROOT_VERITY_SIG),
        OverlayRootSpec.WRITE_PARTITION_LABEL);
  }

  /**
   * The GPT label of a filled A/B slot's partition, as systemd-sysupdate's target patterns name it
   * ({@code <name>_@v}, {@code <name>_@v_verity}, {@code <name>_@v_verity_sig}).
   *
   * @param slotName {@code <name>_<version>}, or {@code <name>_@v} for a pattern
   * @param role {@code ROOT}, {@code ROOT_VERITY} or {@code ROOT_VERITY_SIG}
   * @return the label
   */
  public static String slotLabel(String slotName, PartitionRole role) {
    return switch (role) {
      case ROOT -> slotName;
      case ROOT_VERITY -> slotName + "_verity";
      case ROOT_VERITY_SIG -> slotName + "_verity_sig";
      default -> throw new IllegalArgumentException("no slot label for " + role);
    };
  }

  /**
   * @param name the image name
   * @param version the image version, or {@code @v} for a pattern
   * @return the label of slot A's root partition in an A/B image: {@code <name>_<version>}
   */
  public static String slotName(String name, String version) {
    return name + "_" + version;
  }

  private static PartitionType type(PartitionDesignator d, Architecture arch) {
    return PartitionTypes.lookup(d, d.isArchitectureSpecific() ? arch : null);
  }

  /**
   * The DPS grow-file-system flag (bit 59) is defined for the types systemd mounts by itself (home,
   * srv, var, tmp); systemd-repart refuses it on others, which only their fstab line can grow.
   */
  private static long growFlag(PartitionSpec p) {
    return p.growFileSystem() && p.designator().mountPoint().isPresent() ? GROW_FILE_SYSTEM : 0;
  }

  private static PartitionType extraType(Designator d) {
    return PartitionTypes.byName(d.dpsName())
        .orElseThrow(() -> new IllegalStateException("no DPS type " + d.dpsName()));
  }
}
