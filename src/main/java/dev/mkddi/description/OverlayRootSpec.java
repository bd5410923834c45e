package dev.mkddi.description;

import dev.mkddi.uki.KernelParameter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * kiwi's overlay root ({@code <type overlayroot="true">}): the root file system ({@link
 * DiskSpec#root()}, named by {@code overlayroot_readonly_filesystem}) is the read-only lower layer,
 * and a write partition formatted with {@code filesystem} holds the upper layer that kiwi's {@code
 * kiwi-overlay} dracut module mounts over it. Immutable.
 *
 * @param write the write partition's file system, or empty for {@code
 *     overlayroot_write_partition="false"} (the upper layer then lives in RAM)
 * @param mkfs the {@code mkfs.<fs>} program that formats an xfs or btrfs write partition, found on
 *     the host when the description was read; empty for ext4 (mkddi writes it) and without a write
 *     partition
 * @param readOnlyPartitionSize the read-only root partition's size ({@code
 *     overlayroot_readonly_partsize}), else it fits the root file system
 * @param mkfsOptions the words of {@code fscreateoptions}, which {@code mkfs} gets before mkddi's
 *     arguments as kiwi gives them; empty without an {@code mkfs}
 */
public record OverlayRootSpec(
    Optional<Filesystem> write,
    Optional<Path> mkfs,
    OptionalLong readOnlyPartitionSize,
    List<String> mkfsOptions) {

  /** The write partition's file systems: ext4 written by mkddi, xfs and btrfs by their mkfs. */
  static final List<Filesystem> WRITABLE =
      List.of(Filesystem.EXT4, Filesystem.XFS, Filesystem.BTRFS);

  /** kiwi's GPT name of the write partition ({@code p.lxroot}: the root, read-write). */
  public static final String WRITE_PARTITION_LABEL = "p.lxroot";

  /** What the booted system's initrd must bring, in words. */
  public static final String INITRD_NEEDS =
      "kiwi's kiwi-overlay dracut module (add_dracutmodules+=\" kiwi-overlay \", from kiwi's"
          + " dracut-kiwi-overlay package) and the overlay kernel module";

  /** The parameter kiwi's dracut module reads the write device from. */
  public static final String WRITE_DEVICE_PARAMETER = "rd.root.overlay.write";

  /** The device-mapper name systemd-veritysetup-generator gives the verity root. */
  public static final String VERITY_ROOT_MAPPER = "root";

  /**
   * @throws IllegalArgumentException for a write file system mkddi cannot make, or an xfs or btrfs
   *     one without its mkfs
   */
  public OverlayRootSpec {
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(mkfs, "mkfs");
    Objects.requireNonNull(readOnlyPartitionSize, "readOnlyPartitionSize");
    mkfsOptions = List.copyOf(mkfsOptions);
    if (write.isPresent() && !WRITABLE.contains(write.get())) {
      throw new IllegalArgumentException(
          write.get().kiwiName() + " is not a write partition file system mkddi makes");
    }
    if (mkfs.isPresent() != write.filter(f -> f != Filesystem.EXT4).isPresent()) {
      throw new IllegalArgumentException("an xfs or btrfs write partition and only it has a mkfs");
    }
    if (mkfs.isEmpty() && !mkfsOptions.isEmpty()) {
      throw new IllegalArgumentException("mkfs options without an mkfs");
    }
  }

  /**
   * @param fs a write partition file system
   * @return the program that formats it ({@code mkfs.xfs}, {@code mkfs.btrfs}), empty for ext4
   */
  static Optional<String> mkfsName(Filesystem fs) {
    return fs == Filesystem.EXT4 ? Optional.empty() : Optional.of("mkfs." + fs.kiwiName());
  }

  /**
   * The smallest write partition: what {@code mkfs.xfs} (300 MiB) and {@code mkfs.btrfs} (with its
   * default duplicated metadata) accept; for ext4 room for the journal and some files.
   *
   * @param fs a write partition file system
   * @return bytes
   */
  public static long minimumSize(Filesystem fs) {
    return switch (fs) {
      case XFS -> 300 * Sizes.MIB;
      case BTRFS -> 128 * Sizes.MIB;
      default -> 32 * Sizes.MIB;
    };
  }

  /**
   * @param kernelCmdline the description's {@code kernelcmdline}
   * @return the kernel parameters kiwi's {@code kiwi-overlay} dracut module reads, with {@code
   *     <write>} standing for the write partition's PARTUUID: {@code root=overlay:MAPPER=root} (the
   *     verity device systemd-veritysetup-generator opens) and {@code
   *     rd.root.overlay.write=/dev/disk/by-partuuid/<write>} unless {@code kernelCmdline} names the
   *     write device itself (kiwi then leaves it as it is)
   */
  public String cmdlineText(String kernelCmdline) {
    return "root=overlay:MAPPER="
        + VERITY_ROOT_MAPPER
        + (write.isPresent() && !namesWriteDevice(kernelCmdline)
            ? " " + WRITE_DEVICE_PARAMETER + "=/dev/disk/by-partuuid/<write>"
            : "");
  }

  /**
   * @param cmdline a kernel command line
   * @return whether it has an {@code rd.root.overlay.write=} parameter
   */
  public static boolean namesWriteDevice(String cmdline) {
    return KernelParameter.split(cmdline).stream().anyMatch(p -> p.is(WRITE_DEVICE_PARAMETER));
  }
}
