package dev.mkddi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mkddi.inspect.ImageReport;
import dev.mkddi.inspect.InspectedPartition;
import dev.mkddi.inspect.PartitionDetails;
import dev.mkddi.inspect.RootHash;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders an {@link ImageReport} as the {@code inspect} table or JSON object. Thread-safe. */
final class InspectOutput {
  private static final String NONE = "-";
  private static final List<String> COLUMNS =
      List.of("NO", "DESIGNATOR", "ARCH", "LABEL", "PARTUUID", "OFFSET", "SIZE", "FLAGS");
  private static final String UNITS = "KMGTPE";

  private InspectOutput() {}

  /**
   * @param r the report
   * @return the JSON object, pretty-printed, with a final newline
   */
  static String json(ImageReport r) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("image", r.image());
    root.put("sectorSize", r.sectorSize());
    root.put("diskSize", r.diskSize());
    root.put("diskGuid", r.diskGuid().toString());
    ArrayNode parts = root.putArray("partitions");
    for (InspectedPartition p : r.partitions()) {
      ObjectNode n = parts.addObject();
      n.put("number", p.number());
      n.put("typeGuid", p.typeGuid().toString());
      n.put("typeName", p.type() == null ? null : p.type().name());
      n.put("designator", p.type() == null ? null : p.type().designator().designatorName());
      n.put(
          "architecture",
          p.type() == null || p.type().architecture() == null
              ? null
              : p.type().architecture().canonicalName());
      n.put("uuid", p.uuid().toString());
      n.put("label", p.label());
      n.put("offset", p.offset());
      n.put("size", p.size());
      n.put("attributes", String.format("0x%016x", p.attributes()));
      ArrayNode flags = n.putArray("flags");
      p.flags().forEach(flags::add);
      for (PartitionDetails d : p.details()) {
        if (!n.has(d.key())) {
          n.set(d.key(), mapper.valueToTree(d.fields()));
        }
      }
    }
    RootHash h = r.rootHash();
    root.put("rootHash", h == null ? null : h.hex());
    root.put("rootHashSource", h == null ? null : h.source().jsonName());
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    try {
      return mapper.writer(pp).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
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
          sb.append(f.getValue());
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
    return sb.toString();
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
