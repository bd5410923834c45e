package dev.mkddi.initrd;

/** How the kernel command line asks the initrd to open the verity root. */
public enum RootVerity {
  /** No verity: the root device is mounted as it is. */
  NONE,
  /**
   * {@code roothash=}: systemd-veritysetup-generator opens {@code /dev/mapper/root} from the
   * partitions whose PARTUUIDs are the halves of the root hash.
   */
  ROOTHASH,
  /**
   * kiwi's layout, the hash tree inside the root partition: {@code systemd.verity_root_data=},
   * {@code systemd.verity_root_hash=}, {@code systemd.verity_root_options=hash-offset=…}, which the
   * same generator reads, or kiwi's own dracut module ({@code kiwi-parse-verity}).
   */
  KIWI_IN_PARTITION
}
