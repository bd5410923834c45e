package dev.mkddi.description;

/** What a partition of a planned image is for. */
public enum PartitionRole {
  /** The EFI System Partition: systemd-boot and the UKI. */
  ESP,
  /** The root file system (slot A). */
  ROOT,
  /** The dm-verity superblock and hash tree of the root (slot A). */
  ROOT_VERITY,
  /** The PKCS#7 signature of the root hash (slot A). */
  ROOT_VERITY_SIG,
  /** An empty A/B slot ({@code _empty}) that systemd-sysupdate fills later. */
  EMPTY_SLOT,
  /** An extra partition of the description (home, srv, var, tmp, swap, generic), left empty. */
  EXTRA,
  /** The write partition of kiwi's overlay root: an empty writable file system, the upper layer. */
  OVERLAY_WRITE
}
