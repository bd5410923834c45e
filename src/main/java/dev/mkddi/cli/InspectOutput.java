package dev.mkddi.cli;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.inspect.ImageReport;
import dev.mkddi.inspect.InspectedPartition;
import dev.mkddi.inspect.PartitionDetails;
import dev.mkddi.inspect.RootHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders an {@link ImageReport} as the {@code inspect} table or JSON object. Thread-safe. */
final class InspectOutput {
  private static final String NONE = "-";
  private static final List<String> COLUMNS =
      List.of("NO", "DESIGNATOR", "ARCH", "LABEL", "PARTUUID", "OFFSET", "SIZE", "FLAGS");
  private static final String UNITS = "KMGTPE";

  private InspectOutput() {}

  /**
   * The {@code inspect --json} object.
   *
   * @param image the image as the user named it
   * @param sectorSize the sector size
   * @param diskSize the disk size
   * @param diskGuid the disk GUID
   * @param partitions the partitions
   * @param rootHash the root hash, or null
   * @param rootHashSource where it came from, or null
   * @param otherSlots the other filled A/B slots
   */
  record Json(
      String image,
      int sectorSize,
      long diskSize,
      String diskGuid,
      List<PartitionJson> partitions,
      @Nullable String rootHash,
      @Nullable String rootHashSource,
      List<OtherSlot> otherSlots) {}

  /**
   * Another filled A/B slot than the one the root hash is of.
   *
   * @param rootHash its root hash, from its PARTUUIDs
   * @param origin which partitions
   */
  record OtherSlot(String rootHash, String origin) {}

  /**
   * One partition of {@link Json}; what the partition inspectors found follows under their keys.
   *
   * @param number the partition number
   * @param typeName the DPS type name, or null
   * @param designator the DPS designator, or null
   * @param architecture the architecture, or null
   * @param uuid the PARTUUID
   * @param offset the byte offset
   * @param attributes the attribute bits, {@code 0x%016x}
   * @param flags the set flags by name
   * @param details the inspectors' content by key
   */
  @JsonPropertyOrder({
    "number",
    "typeGuid",
    "typeName",
    "designator",
    "architecture",
    "uuid",
    "label",
    "offset",
    "size",
    "attributes",
    "flags"
  })
  record PartitionJson(
      int number,
      String typeGuid,
      @Nullable String typeName,
      @Nullable String designator,
      @Nullable String architecture,
      String uuid,
      String label,
      long offset,
      long size,
      String attributes,
      List<String> flags,
      @JsonIgnore Map<String, Record> details) {
    @JsonAnyGetter
    Map<String, Record> detailsByKey() {
      return details;
    }
  }

  /**
   * @param r the report
   * @return the JSON object, pretty-printed, with a final newline
   */
  static String json(ImageReport r) {
    List<PartitionJson> parts = new ArrayList<>();
    for (InspectedPartition p : r.partitions()) {
      PartitionType t = p.type();
      Map<String, Record> details = new LinkedHashMap<>();
      for (PartitionDetails d : p.details()) {
        details.putIfAbsent(d.key(), d.content());
      }
      parts.add(
          new PartitionJson(
              p.number(),
              p.typeGuid().toString(),
              t == null ? null : t.name(),
              t == null ? null : t.designator().designatorName(),
              t == null || t.architecture() == null ? null : t.architecture().canonicalName(),
              p.uuid().toString(),
              p.label(),
              p.offset(),
              p.size(),
              String.format("0x%016x", p.attributes()),
              p.flags(),
              details));
    }
    RootHash h = r.rootHash();
    Json json =
        new Json(
            r.image(),
            r.sectorSize(),
            r.diskSize(),
            r.diskGuid().toString(),
            parts,
            h == null ? null : h.hex(),
            h == null ? null : h.source().jsonName(),
            r.otherSlots().stream().map(o -> new OtherSlot(o.hex(), o.origin())).toList());
    return dev.mkddi.sidecar.Json.text(json);
  }

  /**
   * @param r the report
   * @return the human-readable description, lines ending in newlines
   */
  static String text(ImageReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Image:     ").append(r.image()).append('\n');
    sb.append("Disk:      ")
        .append(humanSize(r.diskSize()))
        .append(" (")
        .append(r.diskSize())
        .append(" bytes), ")
        .append(r.sectorSize())
        .append("-byte sectors\n");
    sb.append("Disk GUID: ").append(r.diskGuid()).append("\n\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(COLUMNS);
    for (InspectedPartition p : r.partitions()) {
      rows.add(
          List.of(
              Integer.toString(p.number()),
              p.type() == null ? p.typeGuid().toString() : p.type().designator().designatorName(),
              p.type() == null || p.type().architecture() == null
                  ? NONE
                  : p.type().architecture().canonicalName(),
              p.label().isEmpty() ? NONE : p.label(),
              p.uuid().toString(),
              Long.toString(p.offset()),
              humanSize(p.size()),
              p.flags().isEmpty() ? NONE : String.join(",", p.flags())));
    }
    table(sb, rows);
    for (InspectedPartition p : r.partitions()) {
      for (PartitionDetails d : p.details()) {
        sb.append('\n')
            .append("Partition ")
            .append(p.number())
            .append(' ')
            .append(d.key())
            .append(':');
        int width = d.fields().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Object> f : d.fields().entrySet()) {
          String key = f.getKey() + ":";
          sb.append("\n  ").append(key).append(" ".repeat(width + 2 - key.length()));
          sb.append(text(f.getValue()));
        }
        sb.append('\n');
      }
    }
    RootHash h = r.rootHash();
    sb.append("\nRoot hash: ")
        .append(
            h == null
                ? "unknown (no .roothash file, no signature, no verity partition pair)"
                : h.hex() + "\n           from " + h.origin())
        .append('\n');
    for (RootHash o : r.otherSlots()) {
      sb.append("Other A/B slot: ")
          .append(o.hex())
          .append("\n           from ")
          .append(o.origin())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * A detail's value: a list of objects (the ESP's signed files) one per line, each object's values
   * separated by two spaces; anything else as it prints.
   */
  private static String text(Object value) {
    if (value instanceof List<?> list && list.stream().allMatch(e -> e instanceof Map<?, ?>)) {
      StringBuilder sb = new StringBuilder();
      for (Object e : list) {
        sb.append("\n    ");
        sb.append(
            String.join(
                "  ",
                ((Map<?, ?>) e)
                    .values().stream().map(String::valueOf).filter(v -> !v.isEmpty()).toList()));
      }
      return sb.toString();
    }
    return String.valueOf(value);
  }

  private static void table(StringBuilder sb, List<List<String>> rows) {
    int[] width = new int[COLUMNS.size()];
    for (List<String> row : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        String cell = row.get(c);
        boolean right = c == 0 || c == 5 || c == 6; // numbers
        String pad = " ".repeat(width[c] - cell.length());
        line.append(c == 0 ? "" : " ").append(right ? pad + cell : cell + pad);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
  }

  /**
   * Formats a size as systemd does: base 1024, one truncated decimal ({@code 34.0M}).
   *
   * @param bytes the size
   * @return e.g. {@code 512B}, {@code 10.0M}
   */
  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    int u = 0;
    long factor = 1024;
    while (u < UNITS.length() - 1 && bytes / factor >= 1024) {
      factor *= 1024;
      u++;
    }
    long tenths = (bytes % factor) / (factor / 1024) * 10 / 1024;
    return (bytes / factor) + "." + tenths + UNITS.charAt(u);
  }
}
