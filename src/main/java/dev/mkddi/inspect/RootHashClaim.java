package dev.mkddi.inspect;

import java.util.Objects;

/**
 * A root hash as one source states it, for {@code verify} and {@code cmdline}: the option, a
 * sidecar file, a signature partition, kiwi's metadata block, or the PARTUUIDs of a verity pair.
 * Immutable and thread-safe.
 *
 * @param hex the root hash, lower-case hex; for PARTUUIDs the 32 bytes their halves spell
 * @param origin the source in words, e.g. {@code --root-hash} or {@code foo.roothash}
 * @param uuidHalves whether the source is a PARTUUID pair, which states only the first and the last
 *     16 bytes of a root hash
 */
public record RootHashClaim(String hex, String origin, boolean uuidHalves) {
  /** Hex digits in one 16-byte PARTUUID half. */
  private static final int HALF = 32;

  /** Checks the fields. */
  public RootHashClaim {
    Objects.requireNonNull(hex, "hex");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * @param rootHashHex a root hash, lower-case hex
   * @return whether this source states that root hash (for PARTUUIDs: its first and last 16 bytes)
   */
  public boolean agreesWith(String rootHashHex) {
    if (!uuidHalves) {
      return hex.equals(rootHashHex);
    }
    int n = rootHashHex.length();
    return n >= HALF
        && hex.regionMatches(0, rootHashHex, 0, HALF)
        && hex.regionMatches(HALF, rootHashHex, n - HALF, HALF);
  }
}
