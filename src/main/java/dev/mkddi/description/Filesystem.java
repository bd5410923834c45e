package dev.mkddi.description;

import java.util.Optional;

/** A filesystem kiwi can name, with its kiwi spelling. */
public enum Filesystem {
  /** EROFS: a read-only root or partition, compressed or not. */
  EROFS("erofs"),
  /** squashfs: a compressed read-only root or partition. */
  SQUASHFS("squashfs"),
  /** ext4: a read-only root, or a writable partition with a journal. */
  EXT4("ext4"),
  /** ext3. */
  EXT3("ext3"),
  /** ext2. */
  EXT2("ext2"),
  /** btrfs. */
  BTRFS("btrfs"),
  /** XFS. */
  XFS("xfs"),
  /** FAT16 (extra partitions only). */
  FAT16("fat16"),
  /** FAT32 (extra partitions only). */
  FAT32("fat32");

  private final String kiwiName;

  Filesystem(String kiwiName) {
    this.kiwiName = kiwiName;
  }

  /**
   * @return the spelling in a description, e.g. {@code erofs}
   */
  public String kiwiName() {
    return kiwiName;
  }

  /**
   * @return whether mkddi accepts it for the root: erofs, squashfs or ext4
   */
  public boolean rootSupported() {
    return this == EROFS || this == SQUASHFS || this == EXT4;
  }

  /**
   * @return whether mkddi formats and fills an extra partition with it: ext4, FAT, erofs, squashfs
   */
  public boolean partitionSupported() {
    return this == EXT4 || this == FAT16 || this == FAT32 || this == EROFS || this == SQUASHFS;
  }

  /**
   * @param name a kiwi spelling
   * @return the filesystem, if the name is one
   */
  public static Optional<Filesystem> fromKiwiName(String name) {
    for (Filesystem f : values()) {
      if (f.kiwiName.equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
