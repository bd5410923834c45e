package dev.mkddi.sign;

import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ImageBuildException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a DER PKCS#7 detached signature over given content, the way {@code openssl smime -verify
 * -binary -noverify} does: every signer must verify; the signer certificate is either the one the
 * caller pins (like {@code -nointern -certfile}: embedded certificates are ignored) or, without
 * one, the certificate embedded in the signature — which proves integrity, not trust. No chain is
 * built and validity dates are not checked, as in systemd. Stateless and thread-safe.
 */
public final class SignatureVerifier {
  private static final String FIELD = "PKCS#7 signature";

  /** The SignerInfo digest algorithms of RSA and ECDSA signatures the kernel (6.1) reads. */
  private static final Map<String, String> KERNEL_DIGESTS =
      orderedMap(
          "1.3.14.3.2.26", "sha1",
          "2.16.840.1.101.3.4.2.4", "sha224",
          "2.16.840.1.101.3.4.2.1", "sha256",
          "2.16.840.1.101.3.4.2.2", "sha384",
          "2.16.840.1.101.3.4.2.3", "sha512");

  /**
   * The SignerInfo signature algorithms of the kernel's pkcs7_sig_note_pkey_algo (6.1) for RSA and
   * ECDSA keys; OpenSSL and Bouncy Castle also take e.g. sha1WithRSAEncryption, which the kernel
   * refuses (ENOPKG).
   */
  private static final Map<String, String> KERNEL_SIGNATURES =
      orderedMap(
          "1.2.840.113549.1.1.1", "rsaEncryption",
          "1.2.840.10045.4.1", "ecdsa-with-SHA1",
          "1.2.840.10045.4.3.1", "ecdsa-with-SHA224",
          "1.2.840.10045.4.3.2", "ecdsa-with-SHA256",
          "1.2.840.10045.4.3.3", "ecdsa-with-SHA384",
          "1.2.840.10045.4.3.4", "ecdsa-with-SHA512");

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  private SignatureVerifier() {}

  /**
   * Same as {@link #verify(byte[], byte[], X509Certificate, String)} with the name {@code
   * "signature"}.
   *
   * @param der the DER PKCS#7 signature
   * @param content the signed content (for a root hash: its lower-case hex as ASCII)
   * @param pinnedOrNull the expected signer certificate, or null to use the embedded one
   * @return what was verified
   * @throws FormatException when {@code der} is not a PKCS#7 SignedData
   * @throws CheckFailedException when the signature does not verify
   * @throws ImageBuildException when the crypto provider fails
   */
  public static SignatureCheck verify(
      byte[] der, byte[] content, @Nullable X509Certificate pinnedOrNull)
      throws ImageBuildException {
    return verify(der, content, pinnedOrNull, "signature");
  }

  /**
   * Verifies a detached signature.
   *
   * @param der the DER PKCS#7 signature
   * @param content the signed content (for a root hash: its lower-case hex as ASCII)
   * @param pinnedOrNull the expected signer certificate, or null to use the embedded one
   * @param name where the signature comes from (file or partition), for messages
   * @return what was verified
   * @throws FormatException when {@code der} is not a PKCS#7 SignedData
   * @throws CheckFailedException when the signature does not verify: no signer, signer not the
   *     pinned certificate, no embedded certificate, or content and signature differ
   * @throws ImageBuildException when the crypto provider fails
   */
  public static SignatureCheck verify(
      byte[] der, byte[] content, @Nullable X509Certificate pinnedOrNull, String name)
      throws ImageBuildException {
    CMSSignedData signed;
    try {
      signed = new CMSSignedData(new CMSProcessableByteArray(content), der);
    } catch (CMSException | RuntimeException e) {
      throw new FormatException(name, 0, FIELD, Pkcs7Structure.problem(der, e));
    }
    return verifySigners(signed, pinnedOrNull, name, "root hash", der, true);
  }

  /**
   * Checks every signer of a parsed signature, against {@code pinnedOrNull} or else the certificate
   * embedded for it.
   *
   * @param signed the signature, with its content (encapsulated or detached)
   * @param pinnedOrNull the expected signer certificate, or null to use the embedded one
   * @param name where the signature comes from, for messages
   * @param content what was signed, for messages ({@code root hash}, {@code image hash})
   * @param der the DER signature, to name a damaged field
   * @return what was verified
   * @throws FormatException when a field of the SignedData is damaged
   * @throws CheckFailedException when a signer does not verify
   * @throws ImageBuildException when the crypto provider fails
   */
  static SignatureCheck verifySigners(
      CMSSignedData signed,
      @Nullable X509Certificate pinnedOrNull,
      String name,
      String content,
      byte[] der)
      throws ImageBuildException {
    return verifySigners(signed, pinnedOrNull, name, content, der, false);
  }

  /**
   * {@link #verifySigners(CMSSignedData, X509Certificate, String, String, byte[])}, with {@code
   * kernelStrict} also what the kernel's PKCS#7 parser requires of a verity signature ({@link
   * #checkStrictly}); an Authenticode signature encapsulates SpcIndirectDataContent, not id-data.
   */
  private static SignatureCheck verifySigners(
      CMSSignedData signed,
      @Nullable X509Certificate pinnedOrNull,
      String name,
      String content,
      byte[] der,
      boolean kernelStrict)
      throws ImageBuildException {
    Collection<SignerInformation> signers;
    try {
      signers = signed.getSignerInfos().getSigners();
    } catch (RuntimeException e) {
      // Bouncy Castle reads lazily: a damaged field inside the SignedData (a name that is not
      // UTF-8, an unknown structure) surfaces as a RuntimeException when the signers are listed
      throw new FormatException(name, 0, FIELD, Pkcs7Structure.problem(der, e));
    }
    if (signers.isEmpty()) {
      throw new CheckFailedException(name + ": the PKCS#7 signature has no signer");
    }
    try {
      if (kernelStrict) {
        checkStrictly(signed, signers, name);
      }
      return checkSigners(signed, signers, pinnedOrNull, name, content);
    } catch (RuntimeException e) {
      throw new FormatException(
          name, 0, FIELD, "malformed PKCS#7 SignedData: " + PrivateKeys.reason(e));
    }
  }

  /**
   * What the kernel's PKCS#7 parser refuses and Bouncy Castle lets pass: a ContentInfo of another
   * type than SignedData, encapsulated content of another type than id-data (Bouncy Castle takes
   * the type of the detached content instead), and an embedded certificate that does not parse (it
   * is read only when no certificate is pinned), a SignedData version other than 1 or 3, a
   * SignerInfo version other than 1 (signer named by issuer and serial number) or 3 (by subject key
   * identifier); and what OpenSSL's {@code PKCS7_verify} refuses: a SignedData {@code
   * digestAlgorithms} that names a digest it does not know or lacks the signer's.
   */
  private static void checkStrictly(
      CMSSignedData signed, Collection<SignerInformation> signers, String name)
      throws FormatException {
    ASN1ObjectIdentifier outer = signed.toASN1Structure().getContentType();
    if (!CMSObjectIdentifiers.signedData.equals(outer)) {
      throw new FormatException(
          name,
          0,
          FIELD,
          "content type "
              + outer.getId()
              + ", expected PKCS#7 SignedData ("
              + CMSObjectIdentifiers.signedData.getId()
              + ")");
    }
    int version = signed.getVersion();
    if (version != 1 && version != 3) {
      throw new FormatException(
          name, 0, FIELD, "SignedData version " + version + ", expected 1 or 3");
    }
    // The kernel and Bouncy Castle ignore this list; OpenSSL's PKCS7_verify digests the content
    // with each digest it names (an unknown one: "unknown digest type") and then needs the signer's
    // ("unable to find message digest")
    Set<String> listed = new LinkedHashSet<>();
    for (AlgorithmIdentifier a : signed.getDigestAlgorithmIDs()) {
      String oid = a.getAlgorithm().getId();
      if (!KERNEL_DIGESTS.containsKey(oid)) {
        throw new FormatException(
            name,
            0,
            FIELD,
            "SignedData digestAlgorithms lists "
                + oid
                + ", expected digests OpenSSL and the kernel know ("
                + String.join(", ", KERNEL_DIGESTS.values())
                + ")");
      }
      listed.add(oid);
    }
    for (SignerInformation signer : signers) {
      String digest = signer.getDigestAlgOID();
      if (!KERNEL_DIGESTS.containsKey(digest)) {
        throw new FormatException(
            name,
            0,
            FIELD,
            "SignerInfo digest algorithm "
                + digest
                + ", expected one the kernel knows ("
                + String.join(", ", KERNEL_DIGESTS.values())
                + ")");
      }
      if (!listed.contains(digest)) {
        List<String> names = new ArrayList<>();
        listed.forEach(oid -> names.add(KERNEL_DIGESTS.get(oid)));
        throw new FormatException(
            name,
            0,
            FIELD,
            "SignerInfo digest algorithm "
                + KERNEL_DIGESTS.get(digest)
                + " is not in SignedData digestAlgorithms ("
                + String.join(", ", names)
                + ")");
      }
      String algorithm = signer.getEncryptionAlgOID();
      if (!KERNEL_SIGNATURES.containsKey(algorithm)) {
        throw new FormatException(
            name,
            0,
            FIELD,
            "SignerInfo signature algorithm "
                + algorithm
                + ", expected one the kernel's PKCS#7 parser accepts ("
                + String.join(", ", KERNEL_SIGNATURES.values())
                + ")");
      }
      int expected = signer.getSID().getSubjectKeyIdentifier() != null ? 3 : 1;
      if (signer.getVersion() != expected) {
        throw new FormatException(
            name,
            0,
            FIELD,
            "SignerInfo version "
                + signer.getVersion()
                + ", expected "
                + expected
                + (expected == 1 ? " (signer named by issuer and serial number)" : " (by key id)"));
      }
    }
    String type = signed.getSignedContentTypeOID();
    if (!CMSObjectIdentifiers.data.getId().equals(type)) {
      throw new FormatException(
          name,
          0,
          FIELD,
          "encapsulated content type "
              + type
              + ", expected id-data ("
              + CMSObjectIdentifiers.data.getId()
              + "), as the kernel requires");
    }
    EmbeddedCertificates.check(SignedData.getInstance(signed.toASN1Structure().getContent()), name);
  }

  private static SignatureCheck checkSigners(
      CMSSignedData signed,
      Collection<SignerInformation> signers,
      @Nullable X509Certificate pinnedOrNull,
      String name,
      String content)
      throws ImageBuildException {
    X509Certificate used = null;
    for (SignerInformation signer : signers) {
      X509Certificate cert =
          pinnedOrNull != null
              ? pinned(signed, signer, pinnedOrNull, name)
              : embedded(signed, signer, name);
      boolean ok;
      try {
        ok = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
      } catch (CMSException e) {
        throw new CheckFailedException(
            name + ": signature verification failed: " + PrivateKeys.reason(e));
      } catch (OperatorCreationException e) {
        throw new ImageBuildException(name + ": cannot verify: " + PrivateKeys.reason(e), e);
      }
      if (!ok) {
        throw new CheckFailedException(
            name + ": the signature does not match the signed content (" + content + ")");
      }
      used = cert;
    }
    return new SignatureCheck(
        pinnedOrNull != null
            ? SignerTrust.PINNED_CERTIFICATE
            : SignerTrust.EMBEDDED_CERTIFICATE_ONLY,
        Objects.requireNonNull(used),
        Certificates.fingerprint(Objects.requireNonNull(used)));
  }

  private static X509Certificate pinned(
      CMSSignedData signed, SignerInformation signer, X509Certificate pinned, String name)
      throws ImageBuildException {
    X509CertificateHolder holder;
    try {
      holder = new JcaX509CertificateHolder(pinned);
    } catch (CertificateException e) {
      throw new ImageBuildException("cannot encode the certificate: " + PrivateKeys.reason(e), e);
    }
    if (!signer.getSID().match(holder)) {
      throw new CheckFailedException(
          name
              + ": signed by "
              + signerName(signed, signer)
              + ", not by the given certificate "
              + Certificates.describe(pinned));
    }
    return pinned;
  }

  /**
   * The signer by its embedded certificate (subject and fingerprint), else by the issuer and serial
   * number or key identifier the signature names it by.
   */
  private static String signerName(CMSSignedData signed, SignerInformation signer) {
    try {
      return Certificates.describe(embedded(signed, signer, ""));
    } catch (ImageBuildException noneEmbedded) {
      return describe(signer.getSID());
    }
  }

  private static String describe(SignerId sid) {
    if (sid.getIssuer() != null) {
      return "issuer '" + sid.getIssuer() + "' serial " + sid.getSerialNumber();
    }
    byte[] keyId = sid.getSubjectKeyIdentifier();
    return "subject key identifier " + (keyId == null ? "(none)" : Hex.encode(keyId));
  }

  static X509Certificate embedded(CMSSignedData signed, SignerInformation signer, String name)
      throws ImageBuildException {
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> matches =
        signed.getCertificates().getMatches(signer.getSID());
    if (matches.isEmpty()) {
      throw new CheckFailedException(
          name + ": the signature embeds no signer certificate; give the certificate to check it");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
    } catch (CertificateException e) {
      throw new CheckFailedException(
          name + ": the embedded signer certificate is unreadable: " + PrivateKeys.reason(e));
    }
  }
}
