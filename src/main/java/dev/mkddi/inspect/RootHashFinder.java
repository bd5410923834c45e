package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Finds an image's root hash: a {@code .roothash} sidecar file, else a root hash stated by
 * partition content (signature JSON), else the PARTUUIDs of a verity data/hash partition pair.
 * Warns when two sources disagree. Stateless and thread-safe.
 */
final class RootHashFinder {
  /** A label marking an empty A/B slot (systemd-sysupdate). */
  static final String EMPTY_SLOT_LABEL = "_empty";

  private static final String RAW_SUFFIX = ".raw";
  private static final String SIDECAR_SUFFIX = ".roothash";
  private static final long MAX_SIDECAR_BYTES = 4096;
  private static final UUID ZERO = new UUID(0, 0);

  private RootHashFinder() {}

  /**
   * @param image the image path
   * @param parts its partitions, with their details
   * @param listener receives warnings
   * @return the most trusted root hash, or null
   * @throws IOException when the sidecar exists but cannot be read
   */
  static RootHash find(Path image, List<InspectedPartition> parts, ProgressListener listener)
      throws IOException {
    List<RootHash> found = new ArrayList<>();
    RootHash sidecar = sidecar(image, listener);
    if (sidecar != null) {
      found.add(sidecar);
    }
    for (InspectedPartition p : parts) {
      for (PartitionDetails d : p.details()) {
        if (d.rootHash() != null) {
          found.add(
              new RootHash(
                  d.rootHash().toLowerCase(Locale.ROOT),
                  RootHashSource.PARTITION_CONTENT,
                  "the " + d.key() + " in partition " + p.number()));
        }
      }
    }
    RootHash uuids = fromUuids(parts, PartitionDesignator.ROOT);
    found.add(uuids != null ? uuids : fromUuids(parts, PartitionDesignator.USR));
    found.removeIf(h -> h == null);
    if (found.isEmpty()) {
      return null;
    }
    RootHash best = found.get(0);
    for (RootHash other : found.subList(1, found.size())) {
      if (!other.hex().equals(best.hex())) {
        listener.warn(
            image
                + ": the root hash from "
                + other.origin()
                + " ("
                + other.hex()
                + ") differs from the one from "
                + best.origin()
                + " ("
                + best.hex()
                + ")");
      }
    }
    return best;
  }

  /**
   * @param image the image path
   * @return {@code <image without .raw>.roothash}
   */
  static Path sidecarPath(Path image) {
    String file = image.getFileName().toString();
    String base =
        file.endsWith(RAW_SUFFIX) ? file.substring(0, file.length() - RAW_SUFFIX.length()) : file;
    return image.resolveSibling(base + SIDECAR_SUFFIX);
  }

  private static RootHash sidecar(Path image, ProgressListener listener) throws IOException {
    Path p = sidecarPath(image);
    if (!Files.isRegularFile(p)) {
      return null;
    }
    if (Files.size(p) > MAX_SIDECAR_BYTES) {
      listener.warn(p + ": ignored: " + Files.size(p) + " bytes is too large for a root hash");
      return null;
    }
    String text = Files.readString(p, StandardCharsets.UTF_8).trim();
    try {
      byte[] hash = Hex.decode(p.toString(), text);
      if (hash.length == 0) {
        throw new InvalidInputException(p + ": empty");
      }
      return new RootHash(Hex.encode(hash), RootHashSource.SIDECAR, p.toString());
    } catch (InvalidInputException e) {
      listener.warn(e.getMessage() + " (root hash sidecar ignored)");
      return null;
    }
  }

  private static RootHash fromUuids(List<InspectedPartition> parts, PartitionDesignator data) {
    PartitionDesignator hash = data.verityDesignator().orElseThrow();
    List<InspectedPartition[]> pairs = new ArrayList<>();
    for (InspectedPartition d : parts) {
      for (InspectedPartition h : parts) {
        if (is(d, data) && is(h, hash) && d.type().architecture() == h.type().architecture()) {
          pairs.add(new InspectedPartition[] {d, h});
        }
      }
    }
    if (pairs.size() != 1) {
      return null;
    }
    InspectedPartition d = pairs.get(0)[0];
    InspectedPartition h = pairs.get(0)[1];
    return new RootHash(
        Hex.encode(VerityUuids.rootHash(d.uuid(), h.uuid())),
        RootHashSource.PARTITION_UUIDS,
        "the PARTUUIDs of partitions " + d.number() + " and " + h.number());
  }

  private static boolean is(InspectedPartition p, PartitionDesignator designator) {
    PartitionType t = p.type();
    return t != null
        && t.designator() == designator
        && !p.label().equals(EMPTY_SLOT_LABEL)
        && !p.uuid().equals(ZERO);
  }
}
