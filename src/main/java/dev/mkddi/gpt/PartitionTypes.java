package dev.mkddi.gpt;

import dev.mkddi.io.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The full table of Discoverable Partitions Specification type GUIDs (every designator for every
 * architecture), loaded once from {@code dps-partition-types.csv} next to this class (a copy of the
 * spec's CSV: columns {@code arch,designator,guid}, {@code -} for architecture-independent types).
 * Immutable and thread-safe.
 */
public final class PartitionTypes {
  private static final String RESOURCE = "dps-partition-types.csv";
  private static final String NO_ARCH = "-";

  private static final List<PartitionType> ALL = load();
  private static final Map<UUID, PartitionType> BY_GUID = indexByGuid();
  private static final Map<String, PartitionType> BY_NAME = indexByName();

  private PartitionTypes() {}

  /**
   * @return every known type, in the order of the CSV
   */
  public static List<PartitionType> all() {
    return ALL;
  }

  /**
   * @param designator what the partition is for
   * @param architecture the architecture; required for architecture-specific designators, ignored
   *     (may be null) for the others
   * @return the type
   * @throws IllegalArgumentException when an architecture-specific designator has none
   */
  public static PartitionType lookup(
      PartitionDesignator designator, @Nullable Architecture architecture) {
    if (designator.isArchitectureSpecific() && architecture == null) {
      throw new IllegalArgumentException(designator + " needs an architecture");
    }
    PartitionType t = BY_NAME.get(designator.typeName(architecture));
    if (t == null) {
      throw new IllegalStateException("no DPS type " + designator.typeName(architecture));
    }
    return t;
  }

  /**
   * Looks a type up by designator and architecture names, accepting aliases ({@code x86_64}).
   *
   * @param designator a designator name, e.g. {@code root-verity}
   * @param architecture an architecture name or alias; may be null for architecture-independent
   *     designators
   * @return the type
   * @throws InvalidInputException when a name is unknown or the architecture is missing
   */
  public static PartitionType lookup(String designator, String architecture)
      throws InvalidInputException {
    PartitionDesignator d =
        PartitionDesignator.find(designator)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "unknown partition designator '"
                            + designator
                            + "': expected root, root-verity, root-verity-sig, usr, usr-verity,"
                            + " usr-verity-sig, esp, xbootldr, swap, home, srv, var, tmp, user-home"
                            + " or linux-generic"));
    if (d.isArchitectureSpecific() && architecture == null) {
      throw new InvalidInputException(
          "partition designator '" + designator + "' needs an architecture");
    }
    return lookup(d, architecture == null ? null : Architecture.parse(architecture));
  }

  /**
   * @param guid a partition type GUID
   * @return the DPS type with that GUID, or empty for any other type
   */
  public static Optional<PartitionType> byGuid(UUID guid) {
    return Optional.ofNullable(BY_GUID.get(guid));
  }

  /**
   * @param name a canonical type name such as {@code root-x86-64-verity} or {@code esp} (case
   *     ignored)
   * @return the type, or empty when the name is unknown
   */
  public static Optional<PartitionType> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  private static List<PartitionType> load() {
    List<PartitionType> types = new ArrayList<>();
    try (InputStream in = PartitionTypes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine(); // header: arch,designator,guid
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          types.add(parseRow(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(types);
  }

  private static PartitionType parseRow(String line) {
    String[] f = line.trim().split(",");
    if (f.length != 3) {
      throw new IllegalStateException(RESOURCE + ": bad row '" + line + "'");
    }
    Architecture arch =
        f[0].equals(NO_ARCH)
            ? null
            : Architecture.find(f[0])
                .orElseThrow(() -> new IllegalStateException(RESOURCE + ": arch " + f[0]));
    PartitionDesignator d =
        PartitionDesignator.find(f[1])
            .orElseThrow(() -> new IllegalStateException(RESOURCE + ": designator " + f[1]));
    return new PartitionType(UUID.fromString(f[2]), d, arch);
  }

  private static Map<UUID, PartitionType> indexByGuid() {
    Map<UUID, PartitionType> m = new HashMap<>();
    for (PartitionType t : ALL) {
      if (m.put(t.guid(), t) != null) {
        throw new IllegalStateException(RESOURCE + ": duplicate GUID " + t.guid());
      }
    }
    return Map.copyOf(m);
  }

  private static Map<String, PartitionType> indexByName() {
    Map<String, PartitionType> m = new HashMap<>();
    for (PartitionType t : ALL) {
      m.put(t.name(), t);
    }
    return Map.copyOf(m);
  }
}
