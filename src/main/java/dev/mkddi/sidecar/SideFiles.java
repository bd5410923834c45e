package dev.mkddi.sidecar;

import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files next to an image, named as systemd-dissect and {@code systemd-repart --split} name
 * them: {@code <base>.roothash} ({@code .usrhash} for a usr slot), {@code <base>.roothash.p7s},
 * {@code <base>.cmdline}, {@code <base>.json} (the {@link Manifest}), {@code <base>.efi} and {@code
 * <base>.<type>.raw}, where {@code <base>} is the image path without {@code .raw}. {@code build}
 * writes them, {@code inspect}, {@code verify} and {@code cmdline} read them; the root hash file is
 * read by one rule ({@link #rootHash}). Immutable and thread-safe.
 */
public final class SideFiles {
  /** The extensions of the side files {@code build} writes, besides the split partitions. */
  public static final List<String> EXTENSIONS =
      List.of("roothash", "roothash.p7s", "cmdline", "json", "efi");

  private static final String RAW = "raw";
  private static final String ROOT_HASH = "roothash";
  private static final String USR_HASH = "usrhash";
  private static final String SIGNATURE = ".p7s";
  private static final long MAX_HASH_FILE_BYTES = 4096;

  private final Path image;
  private final String base;

  private SideFiles(Path image, String base) {
    this.image = image;
    this.base = base;
  }

  /**
   * @param image the image path
   * @return the side files of that image: {@code <image without .raw>.<extension>}
   */
  public static SideFiles of(Path image) {
    String file = image.getFileName().toString();
    String suffix = "." + RAW;
    return new SideFiles(
        image, file.endsWith(suffix) ? file.substring(0, file.length() - suffix.length()) : file);
  }

  /**
   * @param extension e.g. {@code roothash}, {@code roothash.p7s}, {@code root-x86-64.raw}
   * @return {@code <base>.<extension>} beside the image
   */
  public Path file(String extension) {
    return image.resolveSibling(base + "." + extension);
  }

  /**
   * @param designator {@code ROOT} or {@code USR}
   * @return {@code <base>.roothash} or {@code <base>.usrhash}
   */
  public Path rootHashFile(PartitionDesignator designator) {
    return file(designator == PartitionDesignator.USR ? USR_HASH : ROOT_HASH);
  }

  /**
   * @param designator {@code ROOT} or {@code USR}
   * @return {@code <base>.roothash.p7s} or {@code <base>.usrhash.p7s}
   */
  public Path signatureFile(PartitionDesignator designator) {
    return image.resolveSibling(rootHashFile(designator).getFileName() + SIGNATURE);
  }

  /**
   * @return {@code <base>.cmdline}
   */
  public Path cmdline() {
    return file("cmdline");
  }

  /**
   * @return {@code <base>.json}
   */
  public Path manifest() {
    return file("json");
  }

  /**
   * @return {@code <base>.efi}
   */
  public Path uki() {
    return file("efi");
  }

  /**
   * @param type a partition's type
   * @return {@code <base>.<type>.raw}, as {@code systemd-repart --split} names it
   */
  public Path split(PartitionType type) {
    return file(type.name() + "." + RAW);
  }

  /**
   * The content of a root hash file: the root hash in lower-case hex, no newline.
   *
   * @param rootHash the root hash
   * @return the bytes to write
   */
  public static byte[] rootHashContent(byte[] rootHash) {
    return Hex.encode(rootHash).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads a root hash file: hex digits, white space around them ignored.
   *
   * @param designator whose file
   * @return the root hash in lower-case hex, or empty when there is no such file
   * @throws InvalidInputException when the file is not a root hash
   * @throws IOException when it cannot be read
   */
  public Optional<String> rootHash(PartitionDesignator designator) throws IOException {
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
    return Optional.of(Hex.encode(hash));
  }
}
