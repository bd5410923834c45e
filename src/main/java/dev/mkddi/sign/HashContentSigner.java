package dev.mkddi.sign;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A Bouncy Castle {@link ContentSigner} that hashes what is written to it with SHA-256 and signs
 * the hash itself: the base of the signers whose private key is not a JCA key in memory (RFC 6979
 * ECDSA, keys in a token). Not thread-safe: one instance signs one message.
 */
abstract class HashContentSigner implements ContentSigner {
  private final AlgorithmIdentifier algorithm;
  private final MessageDigest digest;
  private final OutputStream input =
      new OutputStream() {
        @Override
        public void write(int b) {
          digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          digest.update(b, off, len);
        }
      };

  /**
   * @param algorithm the signature algorithm, as the SignerInfo names it
   */
  HashContentSigner(AlgorithmIdentifier algorithm) {
    this.algorithm = algorithm;
    try {
      this.digest = MessageDigest.getInstance(SignConstants.DIGEST);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public final AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithm;
  }

  @Override
  public final OutputStream getOutputStream() {
    return input;
  }

  @Override
  public final byte[] getSignature() {
    return sign(digest.digest());
  }

  /**
   * @param sha256 the SHA-256 of the signed bytes
   * @return the signature: PKCS#1 v1.5 for RSA, DER {@code SEQUENCE {r, s}} for ECDSA
   */
  abstract byte[] sign(byte[] sha256);
}
