package dev.mkddi.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Reproducible UUIDs for file systems: the first 16 bytes of a SHA-256 digest with the version 4
 * and variant bits set, so they look like the random UUIDs mkfs tools make. Stateless.
 */
public final class DerivedUuid {
  private DerivedUuid() {}

  /**
   * @param purpose what the UUID is for, e.g. {@code "mkddi:ext4:uuid"}; different purposes give
   *     unrelated UUIDs from the same seed
   * @param seed the seed
   * @param label the volume label (two file systems from one seed differ by label)
   * @return SHA-256 of purpose, seed and label, as a UUID
   */
  public static UUID of(String purpose, UUID seed, String label) {
    MessageDigest md = sha256();
    md.update((purpose + ":").getBytes(StandardCharsets.UTF_8));
    md.update(
        ByteBuffer.allocate(16)
            .putLong(seed.getMostSignificantBits())
            .putLong(seed.getLeastSignificantBits())
            .array());
    md.update(label.getBytes(StandardCharsets.UTF_8));
    return fromDigest(md.digest());
  }

  /**
   * @param digest at least 16 bytes of a hash
   * @return its first 16 bytes as a version 4, variant 1 UUID
   */
  public static UUID fromDigest(byte[] digest) {
    byte[] d = digest.clone();
    d[6] = (byte) ((d[6] & 0x0f) | 0x40);
    d[8] = (byte) ((d[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(d);
    return new UUID(b.getLong(), b.getLong());
  }

  /**
   * @return a new SHA-256 digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
