package dev.mkddi.sign;

import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ImageBuildException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerInformation;
import org.jspecify.annotations.Nullable;

/**
 * One Authenticode signature of a PE image, parsed: the image hash it signs (from its {@code
 * SpcIndirectDataContent}) and its signers. {@link #verify} checks it the way the firmware does
 * (EDK2's {@code DxeImageVerificationLib}, sbverify): the PKCS#7 signature verifies, its content is
 * an {@code SpcIndirectDataContent} with a SHA-256 hash, and that hash is the image's. As for the
 * verity signature, a certificate given by the caller pins the signer; without one only the
 * embedded certificate is used, which proves integrity, not trust. No chain is built (the firmware
 * trusts any certificate of the chain that is in {@code db}; mkddi compares the signer only).
 * Immutable and thread-safe.
 */
public final class AuthenticodeSignature {
  private final String name;
  private final CMSSignedData signed;
  private final byte[] imageDigest;
  private final byte[] der;

  private AuthenticodeSignature(String name, CMSSignedData signed, byte[] imageDigest, byte[] der) {
    this.name = name;
    this.signed = signed;
    this.imageDigest = imageDigest;
    this.der = der;
  }

  /**
   * @param der the DER PKCS#7 SignedData of a certificate table entry
   * @param name where it comes from (file and entry), for messages
   * @return the parsed signature, not yet verified
   * @throws FormatException when {@code der} is not a PKCS#7 SignedData holding an {@code
   *     SpcIndirectDataContent} with a SHA-256 image hash
   */
  public static AuthenticodeSignature parse(byte[] der, String name) throws FormatException {
    CMSSignedData signed;
    try {
      signed = new CMSSignedData(der);
    } catch (CMSException | RuntimeException e) {
      throw new FormatException(
          name, 0, "PKCS#7 signature", "not a DER PKCS#7 SignedData: " + PrivateKeys.reason(e));
    }
    ASN1ObjectIdentifier type = signed.getSignedContentType();
    if (!AuthenticodeSigner.SPC_INDIRECT_DATA.equals(type)) {
      throw new FormatException(
          name,
          0,
          "PKCS#7 content type",
          "expected SpcIndirectDataContent ("
              + AuthenticodeSigner.SPC_INDIRECT_DATA
              + "), got "
              + type);
    }
    return new AuthenticodeSignature(
        name, signed, digest(signed.getSignedContent(), name), der.clone());
  }

  /** The image hash of an SpcIndirectDataContent: {@code SEQUENCE { data, DigestInfo }}. */
  private static byte[] digest(CMSTypedData content, String name) throws FormatException {
    try {
      ASN1Sequence idc = ASN1Sequence.getInstance(content.getContent());
      ASN1Sequence data = ASN1Sequence.getInstance(idc.getObjectAt(0));
      ASN1Sequence digestInfo = ASN1Sequence.getInstance(idc.getObjectAt(1));
      ASN1Encodable dataType = data.getObjectAt(0);
      if (!AuthenticodeSigner.SPC_PE_IMAGE_DATA.equals(dataType)) {
        throw new FormatException(
            name, 0, "SpcIndirectDataContent", "expected SpcPeImageData, got " + dataType);
      }
      AlgorithmIdentifier alg = AlgorithmIdentifier.getInstance(digestInfo.getObjectAt(0));
      if (!NISTObjectIdentifiers.id_sha256.equals(alg.getAlgorithm())) {
        throw new FormatException(
            name,
            0,
            "SpcIndirectDataContent digest",
            "expected sha256, got " + alg.getAlgorithm() + " (mkddi checks SHA-256 image hashes)");
      }
      byte[] d = ASN1OctetString.getInstance(digestInfo.getObjectAt(1)).getOctets();
      if (d.length != AuthenticodeSigner.DIGEST_LENGTH) {
        throw new FormatException(
            name, 0, "SpcIndirectDataContent digest", "expected 32 bytes, got " + d.length);
      }
      return d;
    } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
      throw new FormatException(
          name, 0, "SpcIndirectDataContent", "malformed: " + PrivateKeys.reason(e));
    }
  }

  /**
   * @return a copy of the image hash this signature signs
   */
  public byte[] imageDigest() {
    return imageDigest.clone();
  }

  /**
   * @return the certificates embedded for the signers, in signer order (a signer whose certificate
   *     is not embedded is left out)
   * @throws ImageBuildException when an embedded certificate is unreadable
   */
  public List<X509Certificate> embeddedSigners() throws ImageBuildException {
    List<X509Certificate> out = new ArrayList<>();
    for (SignerInformation s : signed.getSignerInfos().getSigners()) {
      try {
        out.add(SignatureVerifier.embedded(signed, s, name));
      } catch (CheckFailedException e) {
        // no embedded certificate for this signer: nothing to list
      }
    }
    return out;
  }

  /**
   * Verifies the signature and that it signs {@code imageDigest}.
   *
   * @param actualImageDigest the image hash of the file, computed from its bytes
   * @param pinnedOrNull the expected signer certificate, or null to use the embedded one
   * @return who signed, and how far that is trusted
   * @throws CheckFailedException when the signature does not verify, the signer is not the pinned
   *     certificate, or the signed hash is not the image's
   * @throws ImageBuildException when the crypto provider fails
   */
  public SignatureCheck verify(byte[] actualImageDigest, @Nullable X509Certificate pinnedOrNull)
      throws ImageBuildException {
    SignatureCheck check =
        SignatureVerifier.verifySigners(signed, pinnedOrNull, name, "SpcIndirectDataContent", der);
    if (!MessageDigest.isEqual(imageDigest, actualImageDigest)) {
      throw new CheckFailedException(
          name
              + ": the signature is for another image: it signs the image hash "
              + Hex.encode(imageDigest)
              + ", the file's is "
              + Hex.encode(actualImageDigest));
    }
    return check;
  }
}
