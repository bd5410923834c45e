package dev.mkddi.description;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The partitions a description asks for, in disk order, with their Discoverable Partitions
 * designator, GPT label and size policy: ESP, root, root-verity, root-verity-sig, the B slot set,
 * then the extra partitions. Offsets and final sizes are the build's business. Stateless.
 */
public final class PartitionPlan {
  private PartitionPlan() {}

  /** How a partition's size is decided. */
  public enum SizeRule {
    /** A fixed size from the description. */
    FIXED,
    /** A size from the description the build grows when the boot files need more (the ESP). */
    AT_LEAST,
    /** Just large enough for the root filesystem. */
    FIT_FILESYSTEM,
    /** The root filesystem followed by its hash tree (kiwi's in-partition verity). */
    FILESYSTEM_AND_HASH_TREE,
    /** Just large enough for the hash tree of the root. */
    FIT_HASH_TREE,
    /** The size of the same partition in slot A. */
    SAME_AS_SLOT_A
  }

  /**
   * One planned partition.
   *
   * @param designator the DPS designator, e.g. {@code esp}, {@code root-x86-64-verity}, {@code
   *     home}, {@code linux-generic}
   * @param label the GPT partition name
   * @param rule how the size is decided
   * @param bytes the size for {@link SizeRule#FIXED} and {@link SizeRule#AT_LEAST}, else the
   *     minimum known (0 if none)
   */
  public record Entry(String designator, String label, SizeRule rule, long bytes) {
    /** Checks for nulls. */
    public Entry {
      Objects.requireNonNull(designator, "designator");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(rule, "rule");
    }

    /**
     * @return the size policy in words, e.g. {@code fixed 20 MiB}
     */
    public String sizePolicy() {
      switch (rule) {
        case FIXED:
          return "fixed " + Sizes.human(bytes);
        case AT_LEAST:
          return "at least "
              + Sizes.human(bytes)
              + " (grown at build time if systemd-boot and the UKI need more)";
        case FIT_FILESYSTEM:
          return "fits the root filesystem";
        case FILESYSTEM_AND_HASH_TREE:
          return "root filesystem + hash tree";
        case FIT_HASH_TREE:
          return "fits the hash tree";
        default:
          return "same as slot A";
      }
    }
  }

  /**
   * @param d a loaded description
   * @return its partitions in disk order
   */
  public static List<Entry> of(ImageDescription d) {
    DiskSpec disk = d.disk();
    String arch = d.arch().canonicalName();
    List<Entry> out = new ArrayList<>();
    if (disk.firmware().hasEsp()) {
      SizeRule rule = disk.bootloader().isPresent() ? SizeRule.AT_LEAST : SizeRule.FIXED;
      out.add(new Entry("esp", "esp", rule, disk.efiPartitionSize()));
    }
    boolean ab = disk.updateSlots() == 2;
    String slotA = d.name() + "_" + d.version();
    boolean separate = disk.verity().layout() == VerityLayout.PARTITION;
    boolean sig = separate && disk.verity().signature().signs();
    String root = "root-" + arch;
    Entry rootA =
        disk.updateSlotSize().isPresent()
            ? new Entry(root, ab ? slotA : root, SizeRule.FIXED, disk.updateSlotSize().getAsLong())
            : new Entry(
                root,
                ab ? slotA : root,
                separate ? SizeRule.FIT_FILESYSTEM : SizeRule.FILESYSTEM_AND_HASH_TREE,
                0);
    out.add(rootA);
    if (separate) {
      out.add(
          disk.verity().partitionSize().isPresent()
              ? new Entry(
                  root + "-verity",
                  ab ? slotA + "_verity" : root + "-verity",
                  SizeRule.FIXED,
                  disk.verity().partitionSize().getAsLong())
              : new Entry(
                  root + "-verity",
                  ab ? slotA + "_verity" : root + "-verity",
                  SizeRule.FIT_HASH_TREE,
                  0));
    }
    if (sig) {
      out.add(
          new Entry(
              root + "-verity-sig",
              ab ? slotA + "_verity_sig" : root + "-verity-sig",
              SizeRule.FIXED,
              DescriptionRules.SIGNATURE_PARTITION_SIZE));
    }
    if (ab) {
      List<Entry> slotAEntries =
          List.copyOf(out.subList(disk.firmware().hasEsp() ? 1 : 0, out.size()));
      for (Entry a : slotAEntries) {
        out.add(
            new Entry(
                a.designator(),
                "_empty",
                a.rule() == SizeRule.FIXED ? SizeRule.FIXED : SizeRule.SAME_AS_SLOT_A,
                a.bytes()));
      }
    }
    for (PartitionSpec p : disk.partitions()) {
      out.add(new Entry(p.designator().dpsName(), p.label(), SizeRule.FIXED, p.size()));
    }
    return out;
  }
}
