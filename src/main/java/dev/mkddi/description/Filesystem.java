package dev.mkddi.description;

import java.util.Optional;

/** A filesystem kiwi can name, with its kiwi spelling. */
public enum Filesystem {
  /** EROFS: what mkddi writes for the root. */
  EROFS("erofs"),
  /** squashfs: accepted in the plan for a later backend. */
  SQUASHFS("squashfs"),
  /** ext4: accepted in the plan for a later backend. */
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
