package dev.mkddi.sign;

import static dev.mkddi.sign.Pkcs11Constants.CKA_CLASS;
import static dev.mkddi.sign.Pkcs11Constants.CKA_ID;
import static dev.mkddi.sign.Pkcs11Constants.CKA_KEY_TYPE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_LABEL;
import static dev.mkddi.sign.Pkcs11Constants.CKA_VALUE;
import static dev.mkddi.sign.Pkcs11Constants.CKK_EC;
import static dev.mkddi.sign.Pkcs11Constants.CKK_RSA;
import static dev.mkddi.sign.Pkcs11Constants.CKM_ECDSA;
import static dev.mkddi.sign.Pkcs11Constants.CKM_RSA_PKCS;
import static dev.mkddi.sign.Pkcs11Constants.CKO_CERTIFICATE;
import static dev.mkddi.sign.Pkcs11Constants.CKO_PRIVATE_KEY;

import dev.mkddi.io.Hex;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.jspecify.annotations.Nullable;

/**
 * A private key in a PKCS#11 token (a hardware security module, a smart card, SoftHSM), named by an
 * RFC 7512 URI, with the certificate of its public half from the token or a file. The key never
 * leaves the token: the token signs SHA-256 hashes, RSA with {@code CKM_RSA_PKCS} over the
 * DigestInfo (the same PKCS#1 v1.5 bytes as {@code SHA256withRSA} from a PEM key), EC with {@code
 * CKM_ECDSA} (the token draws the nonce, so EC signatures differ each time: {@link
 * #deterministic()} is false for them, and an image signed with an EC token key is not
 * bit-identical between builds).
 *
 * <p>Opening checks everything a build needs before any output is written: the module loads, one
 * token and one private key match, the PIN is right, the certificate is found and the key signs a
 * probe that the certificate's public key verifies. Each signature then opens a session of its own.
 * The PIN stays in memory as long as this object. Immutable and thread-safe.
 */
public final class TokenSigningKey extends SigningKey {
  private static final byte[] PROBE = "mkddi PKCS#11 key check".getBytes(StandardCharsets.US_ASCII);

  private final Pkcs11Token token;
  private final char @Nullable [] pin;
  private final Object[] keyTemplate;

  private TokenSigningKey(
      Pkcs11Token token,
      Pkcs11Uri uri,
      char @Nullable [] pin,
      Object[] keyTemplate,
      KeyType type,
      X509Certificate certificate) {
    super(certificate, type, uri.toString());
    this.token = token;
    this.pin = pin;
    this.keyTemplate = keyTemplate;
  }

  /**
   * Opens the key a URI names.
   *
   * @param uri the key's URI: {@code object=} and/or {@code id=} pick the private key (needed only
   *     when the token holds several), {@code type=} must be {@code private} if given
   * @param certificateFile the certificate, or empty to take the token's certificate with the key's
   *     {@code CKA_ID}
   * @param pinFile a file whose first line is the PIN ({@code --key-password-file}), or empty
   * @param defaultModule the module when the URI names none
   * @param where what gave the URI, for messages
   * @return the key
   * @throws InvalidInputException on an unusable URI, no or several matching keys or tokens, a
   *     wrong PIN, a missing or mismatched certificate
   * @throws ImageBuildException when the token fails
   * @throws IOException when the certificate or PIN file cannot be read
   */
  public static TokenSigningKey open(
      Pkcs11Uri uri,
      Optional<Path> certificateFile,
      Optional<Path> pinFile,
      Optional<Path> defaultModule,
      String where)
      throws IOException {
    Optional<String> objectType = uri.text(Pkcs11Uri.Attribute.TYPE);
    if (objectType.isPresent() && !objectType.get().equals("private")) {
      throw new InvalidInputException(
          where
              + ": "
              + uri
              + ": a signing key URI names a private key (type=private), not type="
              + objectType.get());
    }
    char @Nullable [] pin = pin(uri, pinFile, where);
    Pkcs11Token token = Pkcs11Token.open(uri, defaultModule, where);
    Optional<X509Certificate> fromFile =
        certificateFile.isPresent()
            ? Optional.of(Certificates.load(certificateFile.get()))
            : Optional.empty();
    String name = where + ": " + uri;
    Object[] selection =
        template(
            uri.text(Pkcs11Uri.Attribute.OBJECT).map(l -> l.getBytes(StandardCharsets.UTF_8)),
            uri.id());
    return token.session(
        false,
        pin,
        s -> {
          long key = onlyKey(token, s, selection, name);
          byte[] id = token.library().bytes(s, key, CKA_ID);
          byte[] label = token.library().bytes(s, key, CKA_LABEL);
          X509Certificate cert =
              fromFile.isPresent() ? fromFile.get() : tokenCertificate(token, s, id, label, name);
          KeyType type = keyType(token, s, key, cert, name);
          Object[] exact = template(Optional.ofNullable(label), Optional.ofNullable(id));
          TokenSigningKey k = new TokenSigningKey(token, uri, pin, exact, type, cert);
          k.checkMatches(sign(token, s, key, type, sha256(PROBE)), name, certificateFile);
          return k;
        });
  }

  /** The search for the private key: its class, and its label and ID where known. */
  private static Object[] template(Optional<byte[]> label, Optional<byte[]> id) {
    List<Object> t = new ArrayList<>(List.of(CKA_CLASS, CKO_PRIVATE_KEY));
    label.ifPresent(l -> t.addAll(List.of(CKA_LABEL, l)));
    id.ifPresent(i -> t.addAll(List.of(CKA_ID, i)));
    return t.toArray();
  }

  private static long onlyKey(Pkcs11Token token, long session, Object[] template, String name)
      throws ImageBuildException {
    long[] keys = token.library().find(session, template);
    if (keys.length == 1) {
      return keys[0];
    }
    List<String> all = new ArrayList<>();
    for (long k : token.library().find(session, CKA_CLASS, CKO_PRIVATE_KEY)) {
      all.add(describe(token, session, k));
    }
    throw new InvalidInputException(
        name
            + ": "
            + (keys.length == 0 ? "no private key matches" : keys.length + " private keys match")
            + " in "
            + token.name()
            + (all.isEmpty()
                ? " (it holds no private key visible after login)"
                : " (its private keys: " + String.join(", ", all) + ")")
            + (keys.length > 1 ? "; add object= or id= to choose one" : ""));
  }

  private static String describe(Pkcs11Token token, long session, long object)
      throws ImageBuildException {
    byte[] label = token.library().bytes(session, object, CKA_LABEL);
    byte[] id = token.library().bytes(session, object, CKA_ID);
    return "object="
        + (label == null ? "" : Pkcs11Uri.encode(label))
        + (id == null || id.length == 0 ? "" : ";id=" + Pkcs11Uri.encodeAll(id));
  }

  private static X509Certificate tokenCertificate(
      Pkcs11Token token, long session, byte @Nullable [] id, byte @Nullable [] label, String name)
      throws ImageBuildException {
    long[] certs;
    String key;
    if (id != null && id.length > 0) {
      certs = token.library().find(session, CKA_CLASS, CKO_CERTIFICATE, CKA_ID, id);
      key = "CKA_ID " + Hex.encode(id);
    } else {
      byte[] l = label == null ? new byte[0] : label;
      certs = token.library().find(session, CKA_CLASS, CKO_CERTIFICATE, CKA_LABEL, l);
      key = "label '" + new String(l, StandardCharsets.UTF_8) + "'";
    }
    if (certs.length != 1) {
      throw new InvalidInputException(
          name
              + ": "
              + (certs.length == 0 ? "no certificate" : certs.length + " certificates")
              + " with the key's "
              + key
              + " in "
              + token.name()
              + ": give the certificate with --certificate");
    }
    byte[] der = token.library().bytes(session, certs[0], CKA_VALUE);
    return Certificates.parse(der == null ? new byte[0] : der, name + " (certificate " + key + ")");
  }

  private static KeyType keyType(
      Pkcs11Token token, long session, long key, X509Certificate cert, String name)
      throws ImageBuildException {
    KeyType fromCert =
        PemSigningKey.classify(
            SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getAlgorithm(),
            name + " (its certificate)");
    if (cert.getPublicKey() instanceof RSAPublicKey rsa) {
      PemSigningKey.checkRsaBits(rsa.getModulus().bitLength(), name);
    }
    Long keyType = token.library().number(session, key, CKA_KEY_TYPE);
    KeyType fromToken =
        keyType == null
            ? null
            : keyType == CKK_RSA ? KeyType.RSA : keyType == CKK_EC ? KeyType.EC : null;
    if (fromToken != fromCert) {
      throw new InvalidInputException(
          name
              + ": the token's key is "
              + (fromToken == null
                  ? "of type CKK " + keyType
                  : "an " + fromToken.jcaName() + " key")
              + ", the certificate holds an "
              + fromCert.jcaName()
              + " public key");
    }
    return fromCert;
  }

  /** Verifies the probe signature with the certificate: key and certificate belong together. */
  private void checkMatches(byte[] signature, String name, Optional<Path> certificateFile)
      throws InvalidInputException {
    boolean ok;
    try {
      Signature v = Signature.getInstance(type().signatureAlgorithm());
      v.initVerify(certificate().getPublicKey());
      v.update(PROBE);
      ok = v.verify(signature);
    } catch (GeneralSecurityException e) {
      ok = false;
    }
    if (!ok) {
      throw new InvalidInputException(
          name
              + ": the token's private key does not belong to the certificate "
              + certificateFile.map(Path::toString).orElse("on the token")
              + " (a signature made with it does not verify with the certificate's public key)");
    }
  }

  /**
   * @return the PIN from the URI ({@code pin-value}, {@code pin-source}) or the file, or null
   * @throws InvalidInputException when it is given twice, or its file is unusable
   */
  static char @Nullable [] pin(Pkcs11Uri uri, Optional<Path> pinFile, String where)
      throws IOException {
    Optional<String> source = uri.query(Pkcs11Uri.Query.PIN_SOURCE);
    boolean inUri = source.isPresent() || uri.pinValue().isPresent();
    if (inUri && pinFile.isPresent()) {
      throw new InvalidInputException(
          where
              + ": the PIN is given twice (in the URI and with --key-password-file); give it once");
    }
    if (uri.pinValue().isPresent()) {
      return uri.pinValue().get();
    }
    if (source.isPresent()) {
      String s = source.get();
      String path =
          s.startsWith("file://")
              ? s.substring("file://".length())
              : s.startsWith("file:") ? s.substring("file:".length()) : s;
      if (!path.startsWith("/") && s.startsWith("file:")) {
        throw new InvalidInputException(
            where + ": pin-source " + s + ": expected file:/ABSOLUTE/PATH");
      }
      return SigningKey.readPassword(Path.of(path), "pin-source");
    }
    return pinFile.isPresent() ? SigningKey.readPassword(pinFile.get()) : null;
  }

  /** Has the token sign a SHA-256 hash with the key: PKCS#1 v1.5 or DER ECDSA. */
  static byte[] sign(Pkcs11Token token, long session, long key, KeyType type, byte[] hash)
      throws ImageBuildException {
    try {
      if (type == KeyType.RSA) {
        byte[] digestInfo = new DigestInfo(Signer.SHA256, hash).getEncoded(ASN1Encoding.DER);
        return token.library().sign(session, CKM_RSA_PKCS, key, digestInfo);
      }
      byte[] rs = token.library().sign(session, CKM_ECDSA, key, hash);
      int half = rs.length / 2;
      return new DERSequence(
              new ASN1Encodable[] {
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, 0, half))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length)))
              })
          .getEncoded(ASN1Encoding.DER);
    } catch (Pkcs11Exception e) {
      throw e.in(token.name());
    } catch (IOException e) {
      throw new ImageBuildException(token.name() + ": cannot encode a signature: " + e, e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance(SignConstants.DIGEST).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Signs a hash in a session of its own, finding the key again by its label and ID.
   *
   * @param hash a SHA-256 hash
   * @return the signature
   * @throws ImageBuildException when the token fails or the key is gone
   */
  synchronized byte[] signDigest(byte[] hash) throws ImageBuildException {
    return token.session(
        false, pin, s -> sign(token, s, onlyKey(token, s, keyTemplate, name()), type(), hash));
  }

  @Override
  public ContentSigner contentSigner() {
    return new TokenContentSigner(type(), this::signDigest);
  }

  /** RSA (PKCS#1 v1.5) only: a token draws the ECDSA nonce itself. */
  @Override
  public boolean deterministic() {
    return type() == KeyType.RSA;
  }

  @Override
  public String toString() {
    return "TokenSigningKey[" + name() + ", " + type() + "]";
  }
}
