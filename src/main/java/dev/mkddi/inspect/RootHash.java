package dev.mkddi.inspect;

import java.util.Objects;

/**
 * An image's root hash and where it came from. Immutable and thread-safe.
 *
 * @param hex the root hash, lowercase hex
 * @param source the kind of source
 * @param origin the source in words, e.g. {@code foo.roothash} or {@code the PARTUUIDs of
 *     partitions 2 and 3}
 */
public record RootHash(String hex, RootHashSource source, String origin) {
  /** Checks the fields. */
  public RootHash {
    Objects.requireNonNull(hex, "hex");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
  }
}
