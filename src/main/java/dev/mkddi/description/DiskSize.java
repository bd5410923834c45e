package dev.mkddi.description;

/**
 * {@code <size>}: the disk size. Immutable.
 *
 * @param bytes the size in bytes
 * @param additive whether it is added to the space the partitions need ({@code additive="true"})
 *     rather than the total
 */
public record DiskSize(long bytes, boolean additive) {

  /**
   * Validates the size.
   *
   * @throws IllegalArgumentException for a negative size
   */
  public DiskSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative disk size");
    }
  }
}
