package dev.mkddi.builder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives UUIDs and salts from a seed UUID the way systemd-repart (v255 and newer) does, so an
 * image built with the same seed as a repart definition gets the same disk GUID, partition UUIDs,
 * file system UUID, verity salt and verity superblock UUID. Every value is the first bytes of
 * {@code HMAC-SHA256(key, message)}; UUIDs are then marked as version 4. Immutable, thread-safe.
 */
public final class SeedDerivation {
  private static final String HMAC = "HmacSHA256";
  private static final int UUID_BYTES = 16;

  private final byte[] seed;

  /**
   * @param seed the image seed ({@code --seed})
   */
  public SeedDerivation(UUID seed) {
    this.seed = bytes(seed);
  }

  /**
   * @return the disk GUID ({@code HMAC(seed, "disk-uuid")})
   */
  public UUID diskGuid() {
    return uuidV4(hmac(seed, ascii("disk-uuid")));
  }

  /**
   * The UUID of the {@code k}-th partition (counting from 0) of a type in definition order.
   *
   * @param type the partition type GUID
   * @param k how many earlier partitions have the same type
   * @return {@code HMAC(seed, type)} for k = 0, {@code HMAC(seed, type ‖ le64(k))} after that
   */
  public UUID partitionUuid(UUID type, int k) {
    byte[] msg = bytes(type);
    if (k > 0) {
      msg =
          ByteBuffer.allocate(UUID_BYTES + Long.BYTES)
              .order(ByteOrder.LITTLE_ENDIAN)
              .put(msg)
              .putLong(k)
              .array();
    }
    return uuidV4(hmac(seed, msg));
  }

  /**
   * @param partitionUuid the partition's seed-derived UUID (for verity partitions: the HMAC value,
   *     not the final root-hash UUID)
   * @return the file system UUID systemd-repart v253+ gives that partition
   */
  public static UUID fileSystemUuid(UUID partitionUuid) {
    return uuidV4(hmac(bytes(partitionUuid), ascii("file-system-uuid")));
  }

  /**
   * @return the 32-byte dm-verity salt ({@code HMAC(seed, "verity-salt")}, unmarked)
   */
  public byte[] veritySalt() {
    return hmac(seed, ascii("verity-salt"));
  }

  /**
   * @return the dm-verity superblock UUID ({@code HMAC(seed, "verity-uuid")})
   */
  public UUID veritySuperblockUuid() {
    return uuidV4(hmac(seed, ascii("verity-uuid")));
  }

  /**
   * A UUID derived from arbitrary text, for values systemd-repart has no rule for (the default seed
   * from the image name and version, the FAT volume id): {@code HMAC(seed, label)} as a v4 UUID.
   *
   * @param label what the value is for, e.g. {@code "esp-volume-id"}
   * @return the derived UUID
   */
  public UUID derive(String label) {
    return uuidV4(hmac(seed, label.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The default seed of a description: a v4 UUID from {@code HMAC-SHA256("mkddi-seed", name NUL
   * version)}, so a plain rebuild of the same description is bit-identical.
   *
   * @param name the image name
   * @param version the image version
   * @return the seed
   */
  public static UUID defaultSeed(String name, String version) {
    byte[] msg = (name + "\0" + version).getBytes(StandardCharsets.UTF_8);
    return uuidV4(hmac(ascii("mkddi-seed"), msg));
  }

  /**
   * The default seed of the partitions that outlive an update (those of {@code <partitions>}): a v4
   * UUID from {@code HMAC-SHA256("mkddi-state-seed", name)}, the same for every version, so a new
   * version's {@code /etc/fstab} names the {@code /var} the device already has.
   *
   * @param name the image name
   * @return the seed
   */
  public static UUID defaultStateSeed(String name) {
    return uuidV4(hmac(ascii("mkddi-state-seed"), name.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Initializes the JDK's HMAC unless done (the JCE reads its policy files first, some hundredths
   * of a second of a build's start).
   */
  static void prepare() {
    hmac(new byte[UUID_BYTES], new byte[0]);
  }

  private static byte[] hmac(byte[] key, byte[] msg) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(msg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + HMAC, e);
    }
  }

  private static UUID uuidV4(byte[] digest) {
    byte[] b = Arrays.copyOf(digest, UUID_BYTES);
    b[6] = (byte) ((b[6] & 0x0F) | 0x40);
    b[8] = (byte) ((b[8] & 0x3F) | 0x80);
    ByteBuffer bb = ByteBuffer.wrap(b);
    return new UUID(bb.getLong(), bb.getLong());
  }

  /**
   * @param u a UUID
   * @return its 16 bytes in text order
   */
  static byte[] bytes(UUID u) {
    return ByteBuffer.allocate(UUID_BYTES)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
