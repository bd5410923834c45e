package dev.mkddi.description;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * dm-verity settings of the root. A DDI root is always verity-protected. Immutable.
 *
 * @param layout where the hash tree goes
 * @param embedMetadata kiwi's 4 KiB metadata block at the end of the root partition (only with
 *     {@link VerityLayout#IN_ROOT})
 * @param dataBlocks how many data blocks the tree covers; empty = all ({@code verity_blocks})
 * @param hashAlgorithm the hash
 * @param dataBlockSize data block size in bytes (default 4096)
 * @param hashBlockSize hash block size in bytes (default 4096)
 * @param partitionSize fixed size of the verity partition in bytes ({@code veritypartsize}); empty
 *     = as small as the tree
 * @param signature root hash signing
 */
public record VeritySpec(
    VerityLayout layout,
    boolean embedMetadata,
    OptionalLong dataBlocks,
    HashAlgorithm hashAlgorithm,
    int dataBlockSize,
    int hashBlockSize,
    OptionalLong partitionSize,
    SignatureSpec signature) {

  /** Default data and hash block size. */
  public static final int DEFAULT_BLOCK_SIZE = 4096;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException for block sizes that are not powers of two from 512 to 65536,
   *     a non-positive block count, or metadata embedded in a separate partition
   */
  public VeritySpec {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(dataBlocks, "dataBlocks");
    Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
    Objects.requireNonNull(partitionSize, "partitionSize");
    Objects.requireNonNull(signature, "signature");
    checkBlockSize(dataBlockSize);
    checkBlockSize(hashBlockSize);
    if (dataBlocks.isPresent() && dataBlocks.getAsLong() <= 0) {
      throw new IllegalArgumentException("data block count must be positive");
    }
    if (embedMetadata && layout != VerityLayout.IN_ROOT) {
      throw new IllegalArgumentException("metadata can only be embedded in the root partition");
    }
  }

  private static void checkBlockSize(int size) {
    if (size < 512 || size > 65536 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("bad verity block size " + size);
    }
  }
}
