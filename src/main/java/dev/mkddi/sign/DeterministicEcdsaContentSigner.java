package dev.mkddi.sign;

import java.io.OutputStream;
import java.math.BigInteger;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.operator.ContentSigner;

/**
 * ECDSA with SHA-256 whose nonce is derived from the key and the message per RFC 6979 (HMAC-DRBG
 * over SHA-256), so equal input gives equal signatures: a signed rebuild stays bit-identical. The
 * signature is DER {@code SEQUENCE { r INTEGER, s INTEGER }}, algorithm {@code ecdsa-with-SHA256}
 * without parameters, as OpenSSL writes it.
 *
 * <p>Not thread-safe: one instance signs one message (Bouncy Castle's {@link ContentSigner}
 * contract).
 */
final class DeterministicEcdsaContentSigner implements ContentSigner {
  private static final AlgorithmIdentifier ECDSA_WITH_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  private final ECPrivateKeyParameters key;
  private final SHA256Digest digest = new SHA256Digest();
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
   * @param key the EC private key
   */
  DeterministicEcdsaContentSigner(ECPrivateKeyParameters key) {
    this.key = key;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return ECDSA_WITH_SHA256;
  }

  @Override
  public OutputStream getOutputStream() {
    return input;
  }

  @Override
  public byte[] getSignature() {
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
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
