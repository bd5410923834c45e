package dev.mkddi.inspect;

import java.util.Objects;

/**
 * A verity data partition and the partition holding its hash tree: one A/B slot's pair, or a
 * candidate for one. Immutable and thread-safe.
 *
 * @param data the data partition (root or usr)
 * @param hash its {@code -verity} partition
 */
record VerityPair(InspectedPartition data, InspectedPartition hash) {
  VerityPair {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(hash, "hash");
  }

  /**
   * @param hex a root hash, lower-case hex
   * @return whether the PARTUUIDs are the first and last 16 bytes of that root hash
   */
  boolean uuidsMatch(String hex) {
    return SlotResolver.uuidsMatch(data, hash, hex);
  }

  /**
   * @return {@code <data>+<hash>}, the partition numbers
   */
  String numbers() {
    return data.number() + "+" + hash.number();
  }
}
