package dev.mkddi.description;

import java.util.Optional;

/**
 * How the partition files of an update are compressed ({@code update_compression}). systemd-import,
 * which systemd-sysupdate runs to write a downloaded file into a partition, recognises the
 * compression by its magic bytes and decompresses while it writes.
 */
public enum UpdateCompression {
  /** Uncompressed, written sparse. */
  NONE("none", ""),
  /** xz (LZMA2), preset 6. */
  XZ("xz", ".xz"),
  /** zstd, level 12. */
  ZSTD("zstd", ".zst");

  private final String attributeValue;
  private final String suffix;

  UpdateCompression(String attributeValue, String suffix) {
    this.attributeValue = attributeValue;
    this.suffix = suffix;
  }

  /**
   * @return the spelling in a description
   */
  public String attributeValue() {
    return attributeValue;
  }

  /**
   * @return the file name suffix, with its dot ({@code .zst}), or empty for {@link #NONE}
   */
  public String suffix() {
    return suffix;
  }

  /**
   * @param value a description's spelling
   * @return the compression, if the value names one
   */
  public static Optional<UpdateCompression> of(String value) {
    for (UpdateCompression c : values()) {
      if (c.attributeValue.equals(value)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
