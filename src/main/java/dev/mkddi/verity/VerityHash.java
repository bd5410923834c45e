package dev.mkddi.verity;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The hash algorithms that both veritysetup and the JDK provide, with the name veritysetup stores
 * in the superblock and the kernel table. Immutable and thread-safe.
 */
public enum VerityHash {
  SHA256("sha256", "SHA-256", 32),
  SHA1("sha1", "SHA-1", 20),
  SHA224("sha224", "SHA-224", 28),
  SHA384("sha384", "SHA-384", 48),
  SHA512("sha512", "SHA-512", 64),
  SHA512_224("sha512-224", "SHA-512/224", 28),
  SHA512_256("sha512-256", "SHA-512/256", 32),
  SHA3_224("sha3-224", "SHA3-224", 28),
  SHA3_256("sha3-256", "SHA3-256", 32),
  SHA3_384("sha3-384", "SHA3-384", 48),
  SHA3_512("sha3-512", "SHA3-512", 64),
  MD5("md5", "MD5", 16);

  private final String veritysetupName;
  private final String jdkName;
  private final int digestSize;

  VerityHash(String veritysetupName, String jdkName, int digestSize) {
    this.veritysetupName = veritysetupName;
    this.jdkName = jdkName;
    this.digestSize = digestSize;
  }

  /**
   * Looks an algorithm up by its veritysetup name, ignoring case ({@code sha256}, {@code SHA1}).
   *
   * @param name the name
   * @return the algorithm
   * @throws InvalidInputException when mkddi does not support the name
   */
  public static VerityHash parse(String name) throws InvalidInputException {
    String lower = name.toLowerCase(Locale.ROOT);
    for (VerityHash h : values()) {
      if (h.veritysetupName.equals(lower)) {
        return h;
      }
    }
    throw new InvalidInputException(
        "hash algorithm '" + Excerpt.of(name) + "' is not supported; expected one of " + names());
  }

  /**
   * @return all supported names, comma separated
   */
  public static String names() {
    return Arrays.stream(values()).map(h -> h.veritysetupName).collect(Collectors.joining(", "));
  }

  /**
   * @return the lower-case name used by veritysetup, the superblock and the kernel
   */
  public String veritysetupName() {
    return veritysetupName;
  }

  /**
   * @return the digest length in bytes
   */
  public int digestSize() {
    return digestSize;
  }

  /**
   * @return bytes an entry occupies in a format-1 hash block: the digest size rounded up to a power
   *     of two
   */
  public int slotSize() {
    return Integer.highestOneBit(digestSize - 1) << 1;
  }

  /**
   * @return a new, unshared digest object
   */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jdkName, e);
    }
  }

  @Override
  public String toString() {
    return veritysetupName;
  }
}
