package dev.mkddi.description;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code <type image="oem">} being built, resolved into typed settings. Sizes are bytes.
 * Immutable.
 *
 * @param root the root file system and its compression (default uncompressed erofs)
 * @param firmware the firmware; anything but {@link Firmware#NONE} adds an ESP
 * @param efiPartitionSize ESP size ({@code efipartsize}, default 20 MiB; the build grows it if the
 *     files need more)
 * @param kernelCmdline extra kernel parameters ({@code kernelcmdline}), possibly empty
 * @param rootfsLabel the root filesystem label (default {@code ROOT})
 * @param targetBlockSize the disk's logical sector size, 512 or 4096
 * @param verity dm-verity and signing
 * @param updateSlots 1, or 2 for A/B
 * @param updateSlotSize fixed size of each root slot, if given
 * @param bootloader the boot loader, if any
 * @param size the disk size, if given
 * @param partitions extra partitions, in order
 * @param update the systemd-sysupdate artifacts and definitions of an A/B image
 * @param overlay kiwi's overlay root: {@code root} is its read-only layer, and a write partition
 *     holds the upper one
 */
public record DiskSpec(
    RootFilesystemSpec root,
    Firmware firmware,
    long efiPartitionSize,
    String kernelCmdline,
    String rootfsLabel,
    int targetBlockSize,
    VeritySpec verity,
    int updateSlots,
    OptionalLong updateSlotSize,
    Optional<BootloaderSpec> bootloader,
    Optional<DiskSize> size,
    List<PartitionSpec> partitions,
    UpdateSpec update,
    Optional<OverlayRootSpec> overlay) {

  /** Default ESP size (kiwi's default, 20 MiB). */
  public static final long DEFAULT_EFI_PARTITION_SIZE = 20L << 20;

  /** Default root filesystem label (kiwi's). */
  public static final String DEFAULT_ROOTFS_LABEL = "ROOT";

  /**
   * Validates the fields and copies the list.
   *
   * @throws IllegalArgumentException for slot counts other than 1 and 2, a sector size other than
   *     512 and 4096, or non-positive sizes
   */
  public DiskSpec {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(firmware, "firmware");
    Objects.requireNonNull(kernelCmdline, "kernelCmdline");
    Objects.requireNonNull(rootfsLabel, "rootfsLabel");
    Objects.requireNonNull(verity, "verity");
    Objects.requireNonNull(updateSlotSize, "updateSlotSize");
    Objects.requireNonNull(bootloader, "bootloader");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(overlay, "overlay");
    partitions = List.copyOf(partitions);
    if (updateSlots != 1 && updateSlots != 2) {
      throw new IllegalArgumentException("update slots must be 1 or 2: " + updateSlots);
    }
    if (targetBlockSize != 512 && targetBlockSize != 4096) {
      throw new IllegalArgumentException("sector size must be 512 or 4096: " + targetBlockSize);
    }
    if (efiPartitionSize <= 0 || (updateSlotSize.isPresent() && updateSlotSize.getAsLong() <= 0)) {
      throw new IllegalArgumentException("sizes must be positive");
    }
  }

  /**
   * @return the fixed size of the root partition ({@code update_slot_size} or {@code
   *     overlayroot_readonly_partsize}), if the description gives one
   */
  public OptionalLong rootPartitionSize() {
    return updateSlotSize.isPresent()
        ? updateSlotSize
        : overlay.map(OverlayRootSpec::readOnlyPartitionSize).orElse(OptionalLong.empty());
  }

  /**
   * @return the attribute that gives {@link #rootPartitionSize()}, for messages
   */
  public String rootPartitionSizeAttribute() {
    return updateSlotSize.isPresent() ? "update_slot_size" : "overlayroot_readonly_partsize";
  }

  /**
   * @return the root file system's volume label: {@code rootfs_label}, or none for an overlay
   *     root's read-only layer, which kiwi leaves unlabelled (its label names the write partition)
   */
  public String rootLabel() {
    return overlay.isPresent() ? "" : rootfsLabel;
  }
}
