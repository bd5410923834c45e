package dev.mkddi.sign;

import java.math.BigInteger;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA with SHA-256 whose nonce is derived from the key and the message per RFC 6979 (HMAC-DRBG
 * over SHA-256), so equal input gives equal signatures: a signed rebuild stays bit-identical. The
 * signature is DER {@code SEQUENCE { r INTEGER, s INTEGER }}, algorithm {@code ecdsa-with-SHA256}
 * without parameters, as OpenSSL writes it.
 *
 * <p>Not thread-safe: one instance signs one message (Bouncy Castle's {@code ContentSigner}
 * contract).
 */
final class DeterministicEcdsaContentSigner extends HashContentSigner {
  private final ECPrivateKeyParameters key;

  /**
   * @param key the EC private key
   */
  DeterministicEcdsaContentSigner(ECPrivateKeyParameters key) {
    super(new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256));
    this.key = key;
  }

  @Override
  byte[] sign(byte[] hash) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(hash);
    try {
      return StandardDSAEncoding.INSTANCE.encode(key.getParameters().getN(), rs[0], rs[1]);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot DER-encode an ECDSA signature", e);
    }
  }
}
