package dev.mkddi.fat;

/** The width of the file allocation table entries; {@link #AUTO} lets the size decide. */
public enum FatType {
  /** Chosen by size as {@code mkfs.fat} does: FAT32 from 512 MiB, else FAT12 or FAT16. */
  AUTO(0),
  /** 12-bit entries, at most 4084 clusters. */
  FAT12(12),
  /** 16-bit entries, 4087 to 65524 clusters. */
  FAT16(16),
  /** 28-bit entries in 32-bit words, root directory in a cluster chain. */
  FAT32(32);

  private final int bits;

  FatType(int bits) {
    this.bits = bits;
  }

  /**
   * @return bits per FAT entry (0 for {@link #AUTO})
   */
  public int bits() {
    return bits;
  }

  /**
   * @return the file-system type string of the boot sector, e.g. {@code "FAT16 "}
   */
  String label() {
    return String.format("%-8s", name());
  }
}
