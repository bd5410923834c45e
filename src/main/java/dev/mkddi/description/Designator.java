package dev.mkddi.description;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Discoverable Partitions designator of an extra partition, chosen by its {@code
 * partition_name}: home, srv, var, tmp or swap; anything else is a generic Linux partition.
 */
public enum Designator {
  /** {@code /home}. */
  HOME("home", "/home"),
  /** {@code /srv}. */
  SRV("srv", "/srv"),
  /** {@code /var}. */
  VAR("var", "/var"),
  /** {@code /var/tmp}. */
  TMP("tmp", "/var/tmp"),
  /** Swap space. */
  SWAP("swap", null),
  /** Generic Linux data, not mounted automatically. */
  GENERIC("linux-generic", null);

  private final String dpsName;
  private final @Nullable String mountPoint;

  Designator(String dpsName, @Nullable String mountPoint) {
    this.dpsName = dpsName;
    this.mountPoint = mountPoint;
  }

  /**
   * @return the name systemd-repart uses for the type, e.g. {@code home}, {@code linux-generic}
   */
  public String dpsName() {
    return dpsName;
  }

  /**
   * @return where systemd-gpt-auto-generator mounts it, if it does
   */
  public Optional<String> mountPoint() {
    return Optional.ofNullable(mountPoint);
  }

  /**
   * @param mountPoint a mount point
   * @return the designator systemd mounts there ({@code /var} → var), or {@link #GENERIC}
   */
  public static Designator fromMountPoint(String mountPoint) {
    for (Designator d : values()) {
      if (d.mountPoint != null && d.mountPoint.equals(mountPoint)) {
        return d;
      }
    }
    return GENERIC;
  }

  /**
   * @param partitionName a {@code partition_name}
   * @return the designator it selects
   */
  public static Designator fromPartitionName(String partitionName) {
    for (Designator d : values()) {
      if (d != GENERIC && d.dpsName.equals(partitionName)) {
        return d;
      }
    }
    return GENERIC;
  }
}
