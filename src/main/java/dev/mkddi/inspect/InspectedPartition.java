package dev.mkddi.inspect;

import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.gpt.PartitionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One partition of an inspected image. Immutable and thread-safe.
 *
 * @param number the partition number (GPT entry index + 1)
 * @param typeGuid the partition type GUID
 * @param type the DPS type, or null when the GUID is not a DPS type
 * @param uuid the PARTUUID
 * @param label the GPT partition name
 * @param offset the byte offset on the image
 * @param size the size in bytes
 * @param attributes the GPT attribute bits
 * @param details what {@link PartitionInspector}s found inside, in inspector order
 */
public record InspectedPartition(
    int number,
    UUID typeGuid,
    @Nullable PartitionType type,
    UUID uuid,
    String label,
    long offset,
    long size,
    long attributes,
    List<PartitionDetails> details) {

  /** Checks the fields and copies the details. */
  public InspectedPartition {
    Objects.requireNonNull(typeGuid, "typeGuid");
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(label, "label");
    details = List.copyOf(details);
  }

  /**
   * @return the set attribute flags by name ({@link GptAttribute#flagNames})
   */
  public List<String> flags() {
    return GptAttribute.flagNames(attributes);
  }

  /**
   * @param more details to add
   * @return a copy with {@code more} appended to the details
   */
  InspectedPartition withDetails(List<PartitionDetails> more) {
    List<PartitionDetails> all = new ArrayList<>(details);
    all.addAll(more);
    return new InspectedPartition(
        number, typeGuid, type, uuid, label, offset, size, attributes, all);
  }
}
