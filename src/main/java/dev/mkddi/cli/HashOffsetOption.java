package dev.mkddi.cli;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.verity.VerityConstants;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Mixin for {@code --hash-offset BYTES} of {@code verify} and {@code cmdline}: where the hash tree
 * starts inside the root partition, for kiwi's layout when nothing next to the image says.
 */
final class HashOffsetOption {
  @Option(
      names = "--hash-offset",
      paramLabel = "BYTES",
      description =
          "Where the hash tree starts inside the root partition (kiwi's layout), when neither"
              + " the .json manifest nor kiwi's metadata block says.")
  @Nullable Long hashOffset;

  /**
   * @return the offset, or empty when not given
   * @throws InvalidInputException when it is negative or not a multiple of 512
   */
  OptionalLong resolve() throws InvalidInputException {
    if (hashOffset == null) {
      return OptionalLong.empty();
    }
    if (hashOffset < 0 || hashOffset % VerityConstants.HASH_OFFSET_ALIGNMENT != 0) {
      throw new InvalidInputException(
          "--hash-offset "
              + hashOffset
              + ": expected a non-negative multiple of "
              + VerityConstants.HASH_OFFSET_ALIGNMENT);
    }
    return OptionalLong.of(hashOffset);
  }
}
