package dev.mkddi.gpt;

import java.util.List;
import java.util.Objects;

/**
 * What {@link GptReader} found on a disk. Immutable and thread-safe.
 *
 * @param table the partition table (used entries only)
 * @param partitionNumbers for each partition of {@code table}, its number (entry index + 1); the
 *     numbers ascend and have gaps where entries are unused
 * @param backupUsed whether the primary header or entry array was damaged and the backup was read
 * @param warnings problems that did not stop the reading, one line each, naming the file
 * @param damage the GPT structures found damaged or missing (primary or backup header or entry
 *     array), one line each without the file name; each is among the warnings too
 */
public record GptReadResult(
    GptTable table,
    List<Integer> partitionNumbers,
    boolean backupUsed,
    List<String> warnings,
    List<String> damage) {

  /** Copies the lists and checks that every partition has a number. */
  public GptReadResult {
    Objects.requireNonNull(table, "table");
    partitionNumbers = List.copyOf(partitionNumbers);
    warnings = List.copyOf(warnings);
    damage = List.copyOf(damage);
    if (partitionNumbers.size() != table.partitions().size()) {
      throw new IllegalArgumentException(
          partitionNumbers.size()
              + " partition numbers for "
              + table.partitions().size()
              + " partitions");
    }
  }
}
