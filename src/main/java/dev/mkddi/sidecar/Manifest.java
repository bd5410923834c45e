package dev.mkddi.sidecar;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <base>.json} manifest of a finished build, which {@code build --json} prints too: the
 * image's names, seed, sizes, root hash, command line, file system, verity parameters and
 * partitions. Written by {@code build} through {@link Json}; {@code verify} and {@code cmdline}
 * read the hash offset of kiwi's layout back from it ({@link #inPartitionHashOffset}). Immutable
 * and thread-safe.
 *
 * @param image the image file name
 * @param name the image name
 * @param version the image version
 * @param architecture the architecture, DPS spelling ({@code x86-64})
 * @param seed the seed of every UUID and salt
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH} in seconds, or null
 * @param sectorSize the GPT sector size
 * @param size the image size in bytes
 * @param diskGuid the GPT disk GUID
 * @param rootHash the root hash, lower-case hex
 * @param signed whether the root hash is signed
 * @param rootHashSignature the {@code .roothash.p7s} file name, or null
 * @param certificateFingerprint the signer certificate's SHA-256, or null
 * @param cmdline the kernel command line
 * @param filesystem the root file system
 * @param verity the dm-verity parameters
 * @param partitions the partitions in disk order
 * @param updateArtifacts the systemd-sysupdate files written beside the image (sorted by name, as
 *     in {@code SHA256SUMS}); empty when none were written
 */
public record Manifest(
    String image,
    String name,
    String version,
    String architecture,
    String seed,
    Long sourceDateEpoch,
    int sectorSize,
    long size,
    String diskGuid,
    String rootHash,
    boolean signed,
    String rootHashSignature,
    String certificateFingerprint,
    String cmdline,
    Filesystem filesystem,
    Verity verity,
    List<Partition> partitions,
    List<Artifact> updateArtifacts) {

  private static final long MAX_BYTES = 1 << 20;

  /** Checks for nulls and copies the list. */
  public Manifest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(filesystem, "filesystem");
    Objects.requireNonNull(verity, "verity");
    partitions = List.copyOf(partitions);
    updateArtifacts = List.copyOf(updateArtifacts);
  }

  /**
   * One file of an update ({@link UpdateFiles}).
   *
   * @param file its name, beside the image
   * @param part {@code root}, {@code verity}, {@code verity-sig} or {@code uki}
   * @param partitionUuid the PARTUUID the partition gets (from the name's {@code @u}), or null for
   *     the UKI
   * @param size its size in bytes
   * @param sha256 its SHA-256, lower-case hex (as in {@code SHA256SUMS})
   */
  public record Artifact(
      String file, String part, String partitionUuid, long size, String sha256) {}

  /** Where the hash tree lives. */
  public enum HashDevice {
    /** A verity partition of its own (a DDI). */
    PARTITION("partition"),
    /** The root partition, after the file system (kiwi's layout). */
    ROOT_PARTITION("root partition");

    private final String jsonName;

    HashDevice(String jsonName) {
      this.jsonName = jsonName;
    }

    /**
     * @return the name in the manifest
     */
    @JsonValue
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * The root file system.
   *
   * @param type {@code erofs}, {@code squashfs} or {@code ext4}
   * @param uuid its UUID, or null for squashfs (which has none)
   * @param size its size in bytes
   * @param inodes its inode count
   * @param buildTime its build time in seconds since the epoch
   */
  public record Filesystem(
      String type, @Nullable String uuid, long size, long inodes, long buildTime) {}

  /**
   * The dm-verity parameters.
   *
   * @param hashDevice where the hash tree lives
   * @param algorithm the hash, veritysetup's name
   * @param format the hash type (1 normal, 0 Chrome OS)
   * @param dataBlockSize the data block size
   * @param hashBlockSize the hash block size
   * @param dataBlocks the data blocks covered
   * @param hashOffset where the superblock starts on the hash device
   * @param salt the salt, hex
   * @param uuid the superblock UUID
   */
  public record Verity(
      HashDevice hashDevice,
      String algorithm,
      long format,
      int dataBlockSize,
      int hashBlockSize,
      long dataBlocks,
      long hashOffset,
      String salt,
      String uuid) {}

  /**
   * One partition.
   *
   * @param number its GPT number
   * @param role what it is for ({@code root}, {@code root-verity}, {@code empty-slot}, …)
   * @param type its DPS type name
   * @param typeGuid its type GUID
   * @param label its GPT label
   * @param uuid its PARTUUID
   * @param offset its byte offset
   * @param size its size in bytes
   * @param attributes its GPT attribute bits, {@code 0x%016x}
   * @param flags the names of the set attribute bits
   * @param file its {@code --split} file name, or null
   */
  public record Partition(
      int number,
      String role,
      String type,
      String typeGuid,
      String label,
      String uuid,
      long offset,
      long size,
      String attributes,
      List<String> flags,
      String file) {
    /** Copies the flags. */
    public Partition {
      flags = List.copyOf(flags);
    }
  }

  /**
   * @return the manifest as JSON, the bytes of the {@code .json} file
   */
  public byte[] toJson() {
    return Json.encodePlain(this);
  }

  /**
   * Reads a manifest {@code mkddi build} wrote.
   *
   * @param file the {@code .json} file
   * @return the manifest
   * @throws InvalidInputException when the file is too large or not such a manifest
   * @throws IOException when it cannot be read
   */
  public static Manifest read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new InvalidInputException(
          file + ": " + Files.size(file) + " bytes is too large for a manifest");
    }
    try {
      return new ObjectMapper().readValue(Files.readAllBytes(file), Manifest.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          file + ": not a manifest of mkddi build: " + e.getOriginalMessage());
    }
  }

  /**
   * @param signatureFile the {@code .roothash.p7s} file name
   * @param fingerprint the signer certificate's SHA-256, lower-case hex
   * @return a copy of this manifest stating that the root hash is signed
   */
  public Manifest withSignature(String signatureFile, String fingerprint) {
    return new Manifest(
        image,
        name,
        version,
        architecture,
        seed,
        sourceDateEpoch,
        sectorSize,
        size,
        diskGuid,
        rootHash,
        true,
        signatureFile,
        fingerprint,
        cmdline,
        filesystem,
        verity,
        partitions,
        updateArtifacts);
  }

  /**
   * The hash offset a {@code mkddi build} manifest states for a hash tree inside the root
   * partition.
   *
   * @param file the manifest file
   * @return the offset from the start of the root partition, or empty when there is no manifest or
   *     the image has its hash tree in a partition of its own
   * @throws InvalidInputException when the manifest is not JSON
   * @throws IOException when it cannot be read
   */
  public static OptionalLong inPartitionHashOffset(Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
      return OptionalLong.empty();
    }
    JsonNode verity;
    try {
      verity = new ObjectMapper().readTree(Files.readAllBytes(file)).path("verity");
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(file + ": not a JSON manifest: " + e.getOriginalMessage());
    }
    JsonNode offset = verity.path("hashOffset");
    if (!HashDevice.ROOT_PARTITION.jsonName().equals(verity.path("hashDevice").asText())
        || !offset.canConvertToLong()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(offset.asLong());
  }
}
