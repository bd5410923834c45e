package dev.mkddi.verity;

import static dev.mkddi.verity.VerityConstants.HASH_OFFSET_ALIGNMENT;
import static dev.mkddi.verity.VerityConstants.MAX_BLOCK_SIZE;
import static dev.mkddi.verity.VerityConstants.MAX_SALT_SIZE;
import static dev.mkddi.verity.VerityConstants.MIN_BLOCK_SIZE;

import dev.mkddi.io.Hex;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything that determines a dm-verity hash device, as {@code veritysetup format} takes it.
 * Immutable (the salt is copied in and out) and thread-safe.
 *
 * @param hash the hash algorithm ({@code --hash})
 * @param dataBlockSize bytes per data block, a power of two from 512 to 512 KiB
 * @param hashBlockSize bytes per hash block, a power of two from 512 to 512 KiB
 * @param hashType the tree format ({@code --format})
 * @param salt 0 to 256 bytes
 * @param uuid the superblock UUID; required with a superblock, ignored without one
 * @param superblock whether a superblock is written at {@code hashOffset}
 * @param hashOffset bytes from the start of the hash device to the superblock (or, without one, to
 *     the tree, rounded down to a hash block); a multiple of 512
 * @param dataBlocks number of data blocks covered, at least 1
 */
public record VerityParams(
    VerityHash hash,
    int dataBlockSize,
    int hashBlockSize,
    VerityHashType hashType,
    byte[] salt,
    @Nullable UUID uuid,
    boolean superblock,
    long hashOffset,
    long dataBlocks) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when a value is out of range; the message names it
   */
  public VerityParams {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(hashType, "hashType");
    Objects.requireNonNull(salt, "salt");
    checkBlockSize("data block size", dataBlockSize);
    checkBlockSize("hash block size", hashBlockSize);
    if (salt.length > MAX_SALT_SIZE) {
      throw new IllegalArgumentException(
          "salt has " + salt.length + " bytes; at most " + MAX_SALT_SIZE + " are allowed");
    }
    if (superblock && uuid == null) {
      throw new IllegalArgumentException("a superblock needs a UUID");
    }
    if (hashOffset < 0 || hashOffset % HASH_OFFSET_ALIGNMENT != 0) {
      throw new IllegalArgumentException(
          "hash offset "
              + hashOffset
              + " is not a non-negative multiple of "
              + HASH_OFFSET_ALIGNMENT);
    }
    if (dataBlocks < 1) {
      throw new IllegalArgumentException("data blocks " + dataBlocks + ": at least 1 is needed");
    }
    try {
      Math.multiplyExact(dataBlocks, (long) dataBlockSize);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("data blocks " + dataBlocks + " is too large", e);
    }
    salt = salt.clone();
  }

  /**
   * The DDI layout: sha256, 4096-byte blocks, format 1, superblock at offset 0 of a dedicated hash
   * partition.
   *
   * @param dataBlocks number of 4096-byte data blocks (the whole data partition)
   * @param salt the salt (systemd-repart uses 32 bytes derived from its seed)
   * @param uuid the superblock UUID
   * @return the parameters
   * @throws IllegalArgumentException when a value is out of range
   */
  public static VerityParams defaults(long dataBlocks, byte[] salt, UUID uuid) {
    int bs = VerityConstants.DEFAULT_BLOCK_SIZE;
    return new VerityParams(
        VerityHash.SHA256, bs, bs, VerityHashType.NORMAL, salt, uuid, true, 0, dataBlocks);
  }

  /**
   * @param h the hash algorithm
   * @return a copy using {@code h}
   */
  public VerityParams withHash(VerityHash h) {
    return new VerityParams(
        h, dataBlockSize, hashBlockSize, hashType, salt, uuid, superblock, hashOffset, dataBlocks);
  }

  /**
   * @param data the data block size
   * @param hashBlock the hash block size
   * @return a copy with these block sizes (and the same number of data blocks)
   */
  public VerityParams withBlockSizes(int data, int hashBlock) {
    return new VerityParams(
        hash, data, hashBlock, hashType, salt, uuid, superblock, hashOffset, dataBlocks);
  }

  /**
   * @param type the tree format
   * @return a copy using {@code type}
   */
  public VerityParams withHashType(VerityHashType type) {
    return new VerityParams(
        hash, dataBlockSize, hashBlockSize, type, salt, uuid, superblock, hashOffset, dataBlocks);
  }

  /**
   * @param offset the hash offset in bytes
   * @param withSuperblock whether a superblock is written there
   * @return a copy with this placement
   */
  public VerityParams withPlacement(long offset, boolean withSuperblock) {
    return new VerityParams(
        hash,
        dataBlockSize,
        hashBlockSize,
        hashType,
        salt,
        uuid,
        withSuperblock,
        offset,
        dataBlocks);
  }

  /**
   * @param blocks the number of data blocks covered
   * @return a copy covering {@code blocks}
   */
  public VerityParams withDataBlocks(long blocks) {
    return new VerityParams(
        hash, dataBlockSize, hashBlockSize, hashType, salt, uuid, superblock, hashOffset, blocks);
  }

  /**
   * @return a copy of the salt
   */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * @return the salt in lower-case hex, or {@code -} when empty (veritysetup's spelling)
   */
  public String saltHex() {
    return salt.length == 0 ? "-" : Hex.encode(salt);
  }

  /**
   * @return bytes of data covered: {@code dataBlocks × dataBlockSize}
   */
  public long dataBytes() {
    return dataBlocks * dataBlockSize;
  }

  /** The salt without copying, for the hashing code of this package. */
  byte[] saltUnsafe() {
    return salt;
  }

  private static void checkBlockSize(String what, int size) {
    if (size < MIN_BLOCK_SIZE || size > MAX_BLOCK_SIZE || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException(
          what
              + " "
              + size
              + " is not a power of two from "
              + MIN_BLOCK_SIZE
              + " to "
              + MAX_BLOCK_SIZE);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerityParams p
        && hash == p.hash
        && dataBlockSize == p.dataBlockSize
        && hashBlockSize == p.hashBlockSize
        && hashType == p.hashType
        && Arrays.equals(salt, p.salt)
        && Objects.equals(uuid, p.uuid)
        && superblock == p.superblock
        && hashOffset == p.hashOffset
        && dataBlocks == p.dataBlocks;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        hash,
        dataBlockSize,
        hashBlockSize,
        hashType,
        Arrays.hashCode(salt),
        uuid,
        superblock,
        hashOffset,
        dataBlocks);
  }

  @Override
  public String toString() {
    return "VerityParams[hash="
        + hash
        + ", dataBlockSize="
        + dataBlockSize
        + ", hashBlockSize="
        + hashBlockSize
        + ", hashType="
        + hashType
        + ", salt="
        + saltHex()
        + ", uuid="
        + uuid
        + ", superblock="
        + superblock
        + ", hashOffset="
        + hashOffset
        + ", dataBlocks="
        + dataBlocks
        + "]";
  }
}
