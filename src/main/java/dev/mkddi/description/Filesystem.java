package dev.mkddi.description;

import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.ext4.Ext4Options;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

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

  /** The root file systems mkddi writes (read-only, under dm-verity). */
  static final List<Filesystem> ROOTS = List.of(EROFS, SQUASHFS, EXT4);

  /** The file systems mkddi formats and fills extra partitions with. */
  static final List<Filesystem> PARTITIONS = List.of(EXT4, FAT16, FAT32, EROFS, SQUASHFS);

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
    return ROOTS.contains(this);
  }

  /**
   * The one wording for a file system mkddi does not write where the description asks for it.
   *
   * @param where where it is asked for, e.g. {@code "for the root"}
   * @param written the file systems mkddi writes there
   * @return the message, e.g. {@code mkddi does not build btrfs file systems for the root; it
   *     builds erofs}
   */
  String notBuilt(String where, List<Filesystem> written) {
    return "mkddi does not build "
        + kiwiName
        + " file systems "
        + where
        + "; it builds "
        + written.stream().map(Filesystem::kiwiName).collect(Collectors.joining(", "));
  }

  /**
   * @return whether mkddi formats and fills an extra partition with it: ext4, FAT, erofs, squashfs
   */
  public boolean partitionSupported() {
    return PARTITIONS.contains(this);
  }

  /**
   * @return the most bytes (UTF-8) of a volume label the file system holds, as its mkfs takes it
   *     (FAT: 11 characters, whose other rules {@code FatOptions.labelProblem} checks); empty for
   *     squashfs, which has no label
   */
  public OptionalInt maxLabelBytes() {
    return switch (this) {
      case EROFS -> OptionalInt.of(ErofsOptions.MAX_LABEL_BYTES);
      case EXT2, EXT3, EXT4 -> OptionalInt.of(Ext4Options.MAX_LABEL_BYTES);
      case XFS -> OptionalInt.of(12);
      case BTRFS -> OptionalInt.of(255);
      case FAT16, FAT32 -> OptionalInt.of(11);
      case SQUASHFS -> OptionalInt.empty();
    };
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
