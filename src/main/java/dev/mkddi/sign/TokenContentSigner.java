package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A Bouncy Castle {@link ContentSigner} whose private key stays in a PKCS#11 token: it hashes the
 * signed bytes with SHA-256 here and has the token sign the hash. The algorithm identifiers are
 * those Bouncy Castle's JCA signers write ({@code sha256WithRSAEncryption} with NULL parameters,
 * {@code ecdsa-with-SHA256} without), so a signature made through a token is laid out exactly as
 * one made from a PEM key. Not thread-safe: one instance signs one message.
 */
final class TokenContentSigner implements ContentSigner {
  /** Signs a SHA-256 hash with a key in a token. */
  interface DigestSigner {
    /**
     * @param sha256 the hash
     * @return the signature: PKCS#1 v1.5 for RSA, DER {@code SEQUENCE {r, s}} for ECDSA
     * @throws ImageBuildException when the token fails
     */
    byte[] sign(byte[] sha256) throws ImageBuildException;
  }

  private final AlgorithmIdentifier algorithm;
  private final DigestSigner signer;
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
   * @param type the key's type
   * @param signer has the token sign a hash
   */
  TokenContentSigner(KeyType type, DigestSigner signer) {
    this.algorithm =
        new DefaultSignatureAlgorithmIdentifierFinder().find(type.signatureAlgorithm());
    this.signer = signer;
    try {
      this.digest = MessageDigest.getInstance(SignConstants.DIGEST);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithm;
  }

  @Override
  public OutputStream getOutputStream() {
    return input;
  }

  /**
   * @throws RuntimeOperatorException when the token fails; its cause is the {@link
   *     ImageBuildException} ({@link #unwrap} gets it back)
   */
  @Override
  public byte[] getSignature() {
    try {
      return signer.sign(digest.digest());
    } catch (ImageBuildException e) {
      throw new RuntimeOperatorException(e.getMessage(), e);
    }
  }

  /**
   * @param e what a content signer threw while signing
   * @param key the key it signed with
   * @return the token's failure, or a new one naming the key
   */
  static ImageBuildException unwrap(RuntimeOperatorException e, SigningKey key) {
    if (e.getCause() instanceof ImageBuildException ibe) {
      return ibe;
    }
    return new ImageBuildException(key.name() + ": signing failed: " + PrivateKeys.reason(e), e);
  }
}
