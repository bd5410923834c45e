package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.jspecify.annotations.Nullable;

/**
 * Makes the Authenticode signature of a PE image (UEFI Secure Boot) from its image hash, in the
 * form sbsign writes: a DER PKCS#7 {@code SignedData} (version 1, SHA-256) whose content is an
 * {@code SpcIndirectDataContent} — {@code SpcPeImageData} (no flags, the file link {@code
 * <<<Obsolete>>>}) and the image hash — with the signed attributes contentType ({@code
 * SpcIndirectDataContent}), messageDigest and the S/MIME capabilities list OpenSSL adds, and the
 * signer certificate embedded. sbsign (OpenSSL's {@code PKCS7_dataFinal}) also adds a signingTime
 * of the current time; this signer adds one only when given, so the same key and image give the
 * same bytes (RSA, and EC keys from a file). Given sbsign's signing time, the output equals
 * sbsign's byte for byte.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthenticodeSigner {
  /** {@code SPC_INDIRECT_DATA_OBJID}: the content type of an Authenticode signature. */
  static final ASN1ObjectIdentifier SPC_INDIRECT_DATA =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.4");

  /** {@code SPC_PE_IMAGE_DATAOBJ}: the signed data is a PE image. */
  static final ASN1ObjectIdentifier SPC_PE_IMAGE_DATA =
      new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.15");

  /** Length of the SHA-256 image hash. */
  public static final int DIGEST_LENGTH = 32;

  /** The file link every signer writes, as a BMPString. */
  private static final String OBSOLETE = "<<<Obsolete>>>";

  /** The SignedData and SignerInfo version of PKCS#7 v1.5. */
  private static final int VERSION = 1;

  private static final int RC2_128 = 128;
  private static final int RC2_64 = 64;
  private static final int RC2_40 = 40;

  private final SigningKey key;

  /**
   * @param key the key and certificate to sign with
   */
  public AuthenticodeSigner(SigningKey key) {
    this.key = key;
  }

  /**
   * Signs an image hash, without a signing time.
   *
   * @param imageDigest SHA-256 of the PE image as Authenticode defines it
   * @return the DER PKCS#7 signature, for the PE certificate table
   * @throws IllegalArgumentException when the digest is not 32 bytes
   * @throws ImageBuildException when the key cannot sign (a token error, a wrong PIN, …)
   */
  public byte[] sign(byte[] imageDigest) throws ImageBuildException {
    return sign(imageDigest, Optional.empty());
  }

  /**
   * Signs an image hash.
   *
   * @param imageDigest SHA-256 of the PE image as Authenticode defines it
   * @param signingTime the signingTime attribute, or empty for none (whole seconds are written)
   * @return the DER PKCS#7 signature, for the PE certificate table
   * @throws IllegalArgumentException when the digest is not 32 bytes
   * @throws ImageBuildException when the key cannot sign (a token error, a wrong PIN, …)
   */
  public byte[] sign(byte[] imageDigest, Optional<Instant> signingTime) throws ImageBuildException {
    if (imageDigest.length != DIGEST_LENGTH) {
      throw new IllegalArgumentException(
          "an SHA-256 image hash has 32 bytes, got " + imageDigest.length);
    }
    try {
      DERSequence content = indirectDataContent(imageDigest);
      DERSet attributes = signedAttributes(content, signingTime);
      ContentSigner signer = key.contentSigner();
      try (OutputStream out = signer.getOutputStream()) {
        out.write(attributes.getEncoded(ASN1Encoding.DER));
      }
      byte[] signature = signer.getSignature();
      return signedData(content, attributes, signer, signature).getEncoded(ASN1Encoding.DER);
    } catch (RuntimeOperatorException e) {
      throw TokenContentSigner.unwrap(e, key);
    } catch (IOException e) {
      throw new ImageBuildException(
          key.name() + ": Authenticode signing failed: " + PrivateKeys.reason(e), e);
    }
  }

  /** SpcIndirectDataContent: SpcPeImageData and the image hash (DigestInfo). */
  private static DERSequence indirectDataContent(byte[] imageDigest) {
    DERTaggedObject file =
        new DERTaggedObject(true, 2, new DERTaggedObject(false, 0, new DERBMPString(OBSOLETE)));
    DERSequence peImageData =
        new DERSequence(
            new ASN1Encodable[] {
              new DERBitString(new byte[0]), new DERTaggedObject(true, 0, file)
            });
    return new DERSequence(
        new ASN1Encodable[] {
          new DERSequence(new ASN1Encodable[] {SPC_PE_IMAGE_DATA, peImageData}),
          new DERSequence(new ASN1Encodable[] {Signer.SHA256, new DEROctetString(imageDigest)})
        });
  }

  /**
   * The signed attributes, sorted as DER sorts a SET. The messageDigest is SHA-256 over the
   * content's value without its SEQUENCE tag and length, as PKCS#7 v1.5 digests an ANY content.
   */
  private static DERSet signedAttributes(DERSequence content, Optional<Instant> signingTime)
      throws IOException {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(attribute(PKCSObjectIdentifiers.pkcs_9_at_contentType, SPC_INDIRECT_DATA));
    signingTime.ifPresent(
        t ->
            v.add(
                attribute(
                    PKCSObjectIdentifiers.pkcs_9_at_signingTime,
                    new Time(Date.from(t.truncatedTo(ChronoUnit.SECONDS))))));
    v.add(
        attribute(
            PKCSObjectIdentifiers.pkcs_9_at_messageDigest,
            new DEROctetString(sha256(contentOctets(content.getEncoded(ASN1Encoding.DER))))));
    v.add(attribute(PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities, smimeCapabilities()));
    return new DERSet(v);
  }

  private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new Attribute(type, new DERSet(value));
  }

  /** The list OpenSSL's PKCS7_sign_add_signer adds (without GOST, which needs an engine). */
  private static DERSequence smimeCapabilities() {
    return new DERSequence(
        new ASN1Encodable[] {
          capability(NISTObjectIdentifiers.id_aes256_CBC, null),
          capability(NISTObjectIdentifiers.id_aes192_CBC, null),
          capability(NISTObjectIdentifiers.id_aes128_CBC, null),
          capability(PKCSObjectIdentifiers.des_EDE3_CBC, null),
          capability(PKCSObjectIdentifiers.RC2_CBC, RC2_128),
          capability(PKCSObjectIdentifiers.RC2_CBC, RC2_64),
          capability(OIWObjectIdentifiers.desCBC, null),
          capability(PKCSObjectIdentifiers.RC2_CBC, RC2_40)
        });
  }

  private static DERSequence capability(ASN1ObjectIdentifier cipher, @Nullable Integer keyBits) {
    return keyBits == null
        ? new DERSequence(cipher)
        : new DERSequence(new ASN1Encodable[] {cipher, new ASN1Integer(keyBits)});
  }

  /** ContentInfo { signedData, [0] SignedData }, laid out as OpenSSL's i2d_PKCS7 writes it. */
  private DERSequence signedData(
      DERSequence content, DERSet attributes, ContentSigner signer, byte[] signature) {
    X509Certificate cert = key.certificate();
    Certificate c = Certificate.getInstance(Certificates.der(cert));
    DERSequence signerInfo =
        new DERSequence(
            new ASN1Encodable[] {
              new ASN1Integer(VERSION),
              new IssuerAndSerialNumber(c.getIssuer(), c.getSerialNumber().getValue()),
              Signer.SHA256,
              new DERTaggedObject(false, 0, attributes),
              Signer.encryptionAlgorithm(signer.getAlgorithmIdentifier()),
              new DEROctetString(signature)
            });
    DERSequence signed =
        new DERSequence(
            new ASN1Encodable[] {
              new ASN1Integer(VERSION),
              new DERSet(Signer.SHA256),
              new DERSequence(
                  new ASN1Encodable[] {SPC_INDIRECT_DATA, new DERTaggedObject(true, 0, content)}),
              new DERTaggedObject(false, 0, new DERSet(c)),
              new DERSet(signerInfo)
            });
    return new DERSequence(
        new ASN1Encodable[] {
          PKCSObjectIdentifiers.signedData, new DERTaggedObject(true, 0, signed)
        });
  }

  /** The value of a DER element: its bytes after the tag and the length. */
  static byte[] contentOctets(byte[] der) {
    int i = 1;
    int first = der[i++] & 0xFF;
    if (first >= 0x80) {
      i += first & 0x7F;
    }
    byte[] out = new byte[der.length - i];
    System.arraycopy(der, i, out, 0, out.length);
    return out;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance(SignConstants.DIGEST).digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
