package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A Bouncy Castle {@code ContentSigner} whose private key stays in a PKCS#11 token: it hashes the
 * signed bytes with SHA-256 here and has the token sign the hash. The algorithm identifiers are
 * those Bouncy Castle's JCA signers write ({@code sha256WithRSAEncryption} with NULL parameters,
 * {@code ecdsa-with-SHA256} without), so a signature made through a token is laid out exactly as
 * one made from a PEM key. Not thread-safe: one instance signs one message.
 */
final class TokenContentSigner extends HashContentSigner {
  /** Signs a SHA-256 hash with a key in a token. */
  interface DigestSigner {
    /**
     * @param sha256 the hash
     * @return the signature: PKCS#1 v1.5 for RSA, DER {@code SEQUENCE {r, s}} for ECDSA
     * @throws ImageBuildException when the token fails
     */
    byte[] sign(byte[] sha256) throws ImageBuildException;
  }

  private final DigestSigner signer;

  /**
   * @param type the key's type
   * @param signer has the token sign a hash
   */
  TokenContentSigner(KeyType type, DigestSigner signer) {
    super(new DefaultSignatureAlgorithmIdentifierFinder().find(type.signatureAlgorithm()));
    this.signer = signer;
  }

  /**
   * @throws RuntimeOperatorException when the token fails; its cause is the {@link
   *     ImageBuildException} ({@link #unwrap} gets it back)
   */
  @Override
  byte[] sign(byte[] sha256) {
    try {
      return signer.sign(sha256);
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
