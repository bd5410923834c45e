package dev.mkddi.gpt;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A Discoverable Partitions Specification type: its GUID, designator and, for root/usr and their
 * verity and signature partitions, the architecture. Obtain instances from {@link PartitionTypes}.
 * Immutable and thread-safe.
 *
 * @param guid the partition type GUID
 * @param designator what the partition is for
 * @param architecture the architecture, or null for architecture-independent designators
 */
public record PartitionType(
    UUID guid, PartitionDesignator designator, @Nullable Architecture architecture) {

  /** Checks that the architecture is present exactly when the designator needs one. */
  public PartitionType {
    Objects.requireNonNull(guid, "guid");
    Objects.requireNonNull(designator, "designator");
    if (designator.isArchitectureSpecific() != (architecture != null)) {
      throw new IllegalArgumentException(
          designator + (architecture == null ? " needs" : " takes no") + " architecture");
    }
  }

  /**
   * @return the canonical type name as systemd spells it, e.g. {@code root-x86-64-verity}, {@code
   *     esp}
   */
  public String name() {
    return designator.typeName(architecture);
  }

  @Override
  public String toString() {
    return name() + " (" + guid + ")";
  }
}
