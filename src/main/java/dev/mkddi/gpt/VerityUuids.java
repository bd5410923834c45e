package dev.mkddi.gpt;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The DPS rule that ties a verity data partition and its hash partition to the root hash: the data
 * partition's UUID is the first 128 bits of the root hash, the hash partition's the last 128 bits,
 * both read in UUID text order (systemd-repart, systemd-veritysetup-generator). On disk they are
 * stored mixed-endian like every GPT GUID. Stateless and thread-safe.
 */
public final class VerityUuids {
  private static final int HALF = 16;

  private VerityUuids() {}

  /**
   * @param rootHash the root hash, at least 16 bytes
   * @return the UUID of the data (root/usr) partition
   */
  public static UUID dataPartitionUuid(byte[] rootHash) {
    check(rootHash);
    return uuid(rootHash, 0);
  }

  /**
   * @param rootHash the root hash, at least 16 bytes
   * @return the UUID of the hash (root-verity/usr-verity) partition
   */
  public static UUID hashPartitionUuid(byte[] rootHash) {
    check(rootHash);
    return uuid(rootHash, rootHash.length - HALF);
  }

  /**
   * The 256-bit root hash whose halves are these UUIDs: the inverse for SHA-256 root hashes.
   *
   * @param dataUuid the data partition's UUID
   * @param hashUuid the hash partition's UUID
   * @return 32 bytes
   */
  public static byte[] rootHash(UUID dataUuid, UUID hashUuid) {
    return ByteBuffer.allocate(2 * HALF)
        .putLong(dataUuid.getMostSignificantBits())
        .putLong(dataUuid.getLeastSignificantBits())
        .putLong(hashUuid.getMostSignificantBits())
        .putLong(hashUuid.getLeastSignificantBits())
        .array();
  }

  private static void check(byte[] rootHash) {
    if (rootHash.length < HALF) {
      throw new IllegalArgumentException(
          "a root hash of " + rootHash.length + " bytes is too short for partition UUIDs");
    }
  }

  private static UUID uuid(byte[] b, int from) {
    ByteBuffer bb = ByteBuffer.wrap(b, from, HALF); // big-endian: text order
    return new UUID(bb.getLong(), bb.getLong());
  }
}
