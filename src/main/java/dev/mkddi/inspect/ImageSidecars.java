package dev.mkddi.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The files next to an image that {@code verify} and {@code cmdline} read, named as systemd-dissect
 * and {@code mkddi build} name them: {@code <base>.roothash} ({@code .usrhash} for a usr slot),
 * {@code <base>.roothash.p7s} ({@code .usrhash.p7s}) and the {@code <base>.json} manifest, where
 * {@code <base>} is the image path without {@code .raw}. Immutable and thread-safe.
 */
final class ImageSidecars {
  private static final String RAW_SUFFIX = ".raw";
  private static final long MAX_HASH_FILE_BYTES = 4096;
  private static final long MAX_MANIFEST_BYTES = 1 << 20;
  private static final String IN_PARTITION = "root partition";

  private final Path image;
  private final String base;

  /**
   * @param image the image path
   */
  ImageSidecars(Path image) {
    this.image = image;
    String file = image.getFileName().toString();
    this.base =
        file.endsWith(RAW_SUFFIX) ? file.substring(0, file.length() - RAW_SUFFIX.length()) : file;
  }

  /**
   * @param designator {@code ROOT} or {@code USR}
   * @return {@code <base>.roothash} or {@code <base>.usrhash}
   */
  Path rootHashFile(PartitionDesignator designator) {
    return sibling(designator == PartitionDesignator.USR ? ".usrhash" : ".roothash");
  }

  /**
   * @param designator {@code ROOT} or {@code USR}
   * @return {@code <base>.roothash.p7s} or {@code <base>.usrhash.p7s}
   */
  Path signatureFile(PartitionDesignator designator) {
    return image.resolveSibling(rootHashFile(designator).getFileName() + ".p7s");
  }

  /**
   * @return {@code <base>.json}
   */
  Path manifest() {
    return sibling(".json");
  }

  private Path sibling(String suffix) {
    return image.resolveSibling(base + suffix);
  }

  /**
   * Reads a root hash file: hex digits, white space around them ignored.
   *
   * @param designator whose file
   * @return the claim, or empty when there is no such file
   * @throws InvalidInputException when the file is not a root hash
   * @throws IOException when it cannot be read
   */
  Optional<RootHashClaim> rootHash(PartitionDesignator designator) throws IOException {
    Path p = rootHashFile(designator);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    if (Files.size(p) > MAX_HASH_FILE_BYTES) {
      throw new InvalidInputException(
          p + ": " + Files.size(p) + " bytes is too large for a root hash file");
    }
    String text = Files.readString(p, StandardCharsets.ISO_8859_1).strip();
    byte[] hash = Hex.decode(p.toString(), text);
    if (hash.length == 0) {
      throw new InvalidInputException(p + ": empty, expected a root hash in hex");
    }
    return Optional.of(new RootHashClaim(Hex.encode(hash), p.toString(), false));
  }

  /**
   * The hash offset the {@code mkddi build} manifest states for a hash tree inside the root
   * partition.
   *
   * @return the offset from the start of the root partition, or empty when there is no manifest or
   *     the image has its hash tree in a partition of its own
   * @throws InvalidInputException when the manifest is not JSON
   * @throws IOException when it cannot be read
   */
  OptionalLong manifestHashOffset() throws IOException {
    Path p = manifest();
    if (!Files.isRegularFile(p) || Files.size(p) > MAX_MANIFEST_BYTES) {
      return OptionalLong.empty();
    }
    JsonNode verity;
    try {
      verity = new ObjectMapper().readTree(Files.readAllBytes(p)).path("verity");
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(p + ": not a JSON manifest: " + e.getOriginalMessage());
    }
    JsonNode offset = verity.path("hashOffset");
    if (!IN_PARTITION.equals(verity.path("hashDevice").asText()) || !offset.canConvertToLong()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(offset.asLong());
  }
}
