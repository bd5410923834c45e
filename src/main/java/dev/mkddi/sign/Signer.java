package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Makes the verity root-hash signature: a DER PKCS#7 (CMS) {@code SignedData}, detached, without
 * signed attributes, SHA-256, with the signer certificate embedded — the bytes {@code openssl smime
 * -sign -binary -noattr -outform der} writes. RSA signatures equal OpenSSL's byte for byte; ECDSA
 * ones from a PEM key are deterministic (RFC 6979), so signing the same content twice gives the
 * same bytes (an EC key in a token signs with a random nonce: see {@link
 * SigningKey#deterministic()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Signer {
  /** The digest algorithm as OpenSSL writes it: sha256 with explicit NULL parameters. */
  static final AlgorithmIdentifier SHA256 =
      new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);

  /** The SignerInfo algorithm OpenSSL writes for RSA PKCS#1 v1.5: rsaEncryption, NULL. */
  private static final AlgorithmIdentifier RSA_ENCRYPTION =
      new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

  private final SigningKey key;

  /**
   * @param key the key and certificate to sign with
   */
  public Signer(SigningKey key) {
    this.key = key;
  }

  /**
   * Loads the key and certificate ({@link SigningKey#load}) and returns a signer for them.
   *
   * @param keyFile the PEM private key
   * @param certificateFile the PEM or DER certificate
   * @param password the password of an encrypted key, or null
   * @return the signer
   * @throws InvalidInputException on an unusable key or certificate (the message names the file)
   * @throws IOException when a file cannot be read
   */
  public static Signer load(Path keyFile, Path certificateFile, char @Nullable [] password)
      throws IOException {
    return new Signer(PemSigningKey.load(keyFile, certificateFile, password));
  }

  /**
   * Signs a root hash. The signed content is the hex text as ASCII, exactly the {@code roothash=}
   * value of the kernel command line and the content of the {@code .roothash} file.
   *
   * @param hexRootHash the root hash, lower-case hex
   * @return the DER PKCS#7 signature
   * @throws IllegalArgumentException when {@code hexRootHash} is not non-empty lower-case hex of
   *     even length (the kernel compares the text byte for byte, so upper case would not verify)
   * @throws ImageBuildException when signing fails inside the crypto provider
   */
  public byte[] signRootHash(String hexRootHash) throws ImageBuildException {
    SignaturePartition.checkRootHash(hexRootHash);
    return sign(hexRootHash.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Signs arbitrary content.
   *
   * @param content the bytes to sign
   * @return the DER PKCS#7 signature, detached
   * @throws ImageBuildException when signing fails inside the crypto provider
   */
  public byte[] sign(byte[] content) throws ImageBuildException {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(
                  new JcaDigestCalculatorProviderBuilder().build(), Signer::encryptionAlgorithm)
              .setDirectSignature(true)
              .setContentDigest(SHA256)
              .build(key.contentSigner(), key.certificate()));
      generator.addCertificate(new JcaX509CertificateHolder(key.certificate()));
      return generator
          .generate(new CMSProcessableByteArray(content), false)
          .getEncoded(ASN1Encoding.DER);
    } catch (RuntimeOperatorException e) {
      throw TokenContentSigner.unwrap(e, key);
    } catch (OperatorCreationException
        | CMSException
        | CertificateEncodingException
        | IOException e) {
      throw new ImageBuildException("signing failed: " + PrivateKeys.reason(e), e);
    }
  }

  /**
   * The SignerInfo's {@code digestEncryptionAlgorithm}, as OpenSSL's PKCS7_sign writes it: {@code
   * rsaEncryption} for RSA, the signature algorithm itself ({@code ecdsa-with-SHA256}) for ECDSA.
   */
  static AlgorithmIdentifier encryptionAlgorithm(AlgorithmIdentifier signatureAlgorithm) {
    if (PKCSObjectIdentifiers.sha256WithRSAEncryption.equals(signatureAlgorithm.getAlgorithm())) {
      return RSA_ENCRYPTION;
    }
    return signatureAlgorithm;
  }

  /**
   * @return the key and certificate this signer uses
   */
  public SigningKey key() {
    return key;
  }

  /**
   * @return SHA-256 of the signer certificate's DER encoding, lower-case hex
   */
  public String certificateFingerprint() {
    return key.certificateFingerprint();
  }
}
