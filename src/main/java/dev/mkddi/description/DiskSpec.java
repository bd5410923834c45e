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
    UpdateSpec update) {

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
}
