package dev.mkddi.erofs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 for recognising identical fragments and files. Stateless. */
final class Digests {
  private Digests() {}

  /**
   * @return a new SHA-256 digest
   */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
