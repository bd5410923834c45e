package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.verity.KiwiMetadataBlock;
import dev.mkddi.verity.VerityParams;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One dm-verity protected file system of an image, with the root hash its sources agree on: a root
 * (or usr) partition and its hash device — a {@code -verity} partition, or the data partition
 * itself in kiwi's layout. Immutable and thread-safe.
 *
 * @param designator {@code ROOT} or {@code USR}
 * @param data the data partition
 * @param hash the partition holding the hash tree ({@code data} itself for kiwi's layout)
 * @param hashOffset where the superblock (or, without one, the tree) starts in {@code hash}
 * @param rootHash the root hash every source agrees on, lower-case hex
 * @param sources the sources of the root hash, most trusted first
 * @param signature the signature partition of this slot, or null when it has none
 * @param kiwi kiwi's metadata block at the end of the data partition (its parameters describe a
 *     hash tree without superblock; its signature is checked by {@code verify}), or null when there
 *     is no such block
 */
public record VeritySlot(
    PartitionDesignator designator,
    InspectedPartition data,
    InspectedPartition hash,
    long hashOffset,
    String rootHash,
    List<RootHashClaim> sources,
    @Nullable InspectedPartition signature,
    @Nullable KiwiMetadataBlock kiwi) {

  /** Checks the fields and copies the sources. */
  public VeritySlot {
    Objects.requireNonNull(designator, "designator");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(rootHash, "rootHash");
    sources = List.copyOf(sources);
  }

  /**
   * @return whether the hash tree lives inside the data partition (kiwi's layout)
   */
  public boolean inPartition() {
    return data.number() == hash.number();
  }

  /**
   * @return the parameters of kiwi's metadata block, for a hash tree without superblock; null when
   *     there is no such block
   */
  public @Nullable VerityParams kiwiParams() {
    return kiwi == null ? null : kiwi.params();
  }
}
