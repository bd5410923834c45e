package dev.mkddi.description;

/** Where the dm-verity hash tree goes. */
public enum VerityLayout {
  /** A separate {@code root-<arch>-verity} partition, superblock at its start (the DDI way). */
  PARTITION,
  /**
   * Inside the root partition after the filesystem, as kiwi does; with {@code
   * embed_verity_metadata="true"} kiwi's 4 KiB metadata block ends the partition.
   */
  IN_ROOT
}
