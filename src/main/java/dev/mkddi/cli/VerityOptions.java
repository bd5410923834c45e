package dev.mkddi.cli;

import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.verity.VerityConstants;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The veritysetup geometry options shared by {@code verity format} and {@code verity verify}. Unset
 * options are null so that {@code verify} can tell which ones a superblock overrides.
 */
final class VerityOptions {
  @Option(
      names = "--hash",
      paramLabel = "ALG",
      description = "Hash algorithm (default sha256): ${COMPLETION-CANDIDATES}.",
      completionCandidates = HashNames.class)
  @Nullable String hash;

  @Option(
      names = "--data-block-size",
      paramLabel = "BYTES",
      description = "Data block size, a power of two from 512 to 524288 (default 4096).")
  @Nullable Integer dataBlockSize;

  @Option(
      names = "--hash-block-size",
      paramLabel = "BYTES",
      description = "Hash block size, a power of two from 512 to 524288 (default 4096).")
  @Nullable Integer hashBlockSize;

  @Option(
      names = {"-s", "--salt"},
      paramLabel = "HEX|-",
      description = "Salt in hex, '-' for none (format default: 32 random bytes).")
  @Nullable String salt;

  @Option(
      names = "--format",
      paramLabel = "0|1",
      description = "Hash format: 1 normal (default), 0 original Chrome OS.")
  @Nullable Integer format;

  @Option(names = "--no-superblock", description = "Do not write (or read) a superblock.")
  boolean noSuperblock;

  @Option(
      names = "--hash-offset",
      paramLabel = "BYTES",
      description =
          "Start of the superblock (or tree) on the hash device, a multiple of 512"
              + " (default 0).")
  @Nullable Long hashOffset;

  @Option(
      names = "--data-blocks",
      paramLabel = "N",
      description =
          "Number of data blocks to cover (default, or 0 as for veritysetup: the whole data"
              + " file).")
  @Nullable Long dataBlocks;

  /** Names for {@code --hash} help. */
  static final class HashNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    HashNames() {
      for (VerityHash h : VerityHash.values()) {
        add(h.veritysetupName());
      }
    }
  }

  int dataBlockSizeOrDefault() {
    return dataBlockSize == null ? VerityConstants.DEFAULT_BLOCK_SIZE : dataBlockSize;
  }

  long hashOffsetOrDefault() {
    return hashOffset == null ? 0 : hashOffset;
  }

  /**
   * @return the salt given, or null when {@code --salt} is absent
   * @throws InvalidInputException when it is not hex
   */
  byte @Nullable [] saltOrNull() throws InvalidInputException {
    if (salt == null) {
      return null;
    }
    return salt.equals("-") ? new byte[0] : Hex.decode("--salt", salt);
  }

  /**
   * @param text a UUID in the 8-4-4-4-12 form veritysetup accepts
   * @return it
   * @throws InvalidInputException when it is not one
   */
  static UUID parseUuid(String text) throws InvalidInputException {
    return UuidText.parse("--uuid", text);
  }

  /**
   * @return the options given that a superblock overrides, for a warning
   */
  List<String> geometryGiven() {
    List<String> given = new ArrayList<>();
    addIf(given, hash != null, "--hash");
    addIf(given, dataBlockSize != null, "--data-block-size");
    addIf(given, hashBlockSize != null, "--hash-block-size");
    addIf(given, salt != null, "--salt");
    addIf(given, format != null, "--format");
    addIf(given, dataBlocks != null, "--data-blocks");
    return given;
  }

  private static void addIf(List<String> list, boolean cond, String name) {
    if (cond) {
      list.add(name);
    }
  }

  /**
   * Builds and checks the parameters.
   *
   * @param blocks number of data blocks
   * @param saltBytes the salt
   * @param uuid the UUID (null without a superblock)
   * @return the parameters, with a geometry the kernel accepts
   * @throws InvalidInputException when a value is out of range
   */
  VerityParams params(long blocks, byte[] saltBytes, @Nullable UUID uuid)
      throws InvalidInputException {
    VerityHash alg = VerityHash.parse(hash == null ? "sha256" : hash);
    try {
      VerityParams p =
          new VerityParams(
              alg,
              dataBlockSizeOrDefault(),
              hashBlockSize == null ? VerityConstants.DEFAULT_BLOCK_SIZE : hashBlockSize,
              VerityHashType.of(format == null ? 1 : format),
              saltBytes,
              uuid,
              !noSuperblock,
              hashOffsetOrDefault(),
              blocks);
      VerityGeometry.of(p);
      return p;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()));
    }
  }
}
