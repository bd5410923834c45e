package dev.mkddi.sign;

import static dev.mkddi.sign.Pkcs11Constants.CKA_CERTIFICATE_TYPE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_CLASS;
import static dev.mkddi.sign.Pkcs11Constants.CKA_DECRYPT;
import static dev.mkddi.sign.Pkcs11Constants.CKA_DERIVE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_EC_PARAMS;
import static dev.mkddi.sign.Pkcs11Constants.CKA_EC_POINT;
import static dev.mkddi.sign.Pkcs11Constants.CKA_EXTRACTABLE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_ID;
import static dev.mkddi.sign.Pkcs11Constants.CKA_ISSUER;
import static dev.mkddi.sign.Pkcs11Constants.CKA_LABEL;
import static dev.mkddi.sign.Pkcs11Constants.CKA_MODULUS;
import static dev.mkddi.sign.Pkcs11Constants.CKA_MODULUS_BITS;
import static dev.mkddi.sign.Pkcs11Constants.CKA_PRIVATE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_PUBLIC_EXPONENT;
import static dev.mkddi.sign.Pkcs11Constants.CKA_SENSITIVE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_SERIAL_NUMBER;
import static dev.mkddi.sign.Pkcs11Constants.CKA_SIGN;
import static dev.mkddi.sign.Pkcs11Constants.CKA_SUBJECT;
import static dev.mkddi.sign.Pkcs11Constants.CKA_TOKEN;
import static dev.mkddi.sign.Pkcs11Constants.CKA_UNWRAP;
import static dev.mkddi.sign.Pkcs11Constants.CKA_VALUE;
import static dev.mkddi.sign.Pkcs11Constants.CKA_VERIFY;
import static dev.mkddi.sign.Pkcs11Constants.CKC_X_509;
import static dev.mkddi.sign.Pkcs11Constants.CKM_EC_KEY_PAIR_GEN;
import static dev.mkddi.sign.Pkcs11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;
import static dev.mkddi.sign.Pkcs11Constants.CKO_CERTIFICATE;
import static dev.mkddi.sign.Pkcs11Constants.CKO_PUBLIC_KEY;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.jspecify.annotations.Nullable;

/**
 * Generates a signing key pair inside a PKCS#11 token ({@code mkddi genkey --pkcs11-uri}): RSA
 * {@value KeyGenerator#RSA_BITS} or EC P-256, the private key sensitive and not extractable, both
 * halves token objects with the URI's {@code object=} label and an {@code id=} (the URI's, or 16
 * random bytes), then a self-signed certificate made as {@link KeyGenerator} makes it, signed by
 * the token and stored next to the key with the same label and ID — so the key is found by {@code
 * pkcs11:token=…;object=…} and its certificate by its ID, by mkddi, OpenSSL's PKCS#11 provider and
 * the JDK's PKCS#11 KeyStore alike. When anything fails after the key pair exists, the objects made
 * are destroyed again. Stateless and thread-safe.
 */
public final class TokenKeyGenerator {
  private static final int ID_BYTES = 16;
  private static final byte[] F4 = BigInteger.valueOf(65537).toByteArray();

  private TokenKeyGenerator() {}

  /**
   * @param type RSA or EC
   * @param uri the token and the key's label ({@code object=}), optionally its {@code id=}
   * @param pinFile a file whose first line is the PIN, or empty (then the URI gives it)
   * @param defaultModule the module when the URI names none
   * @param commonName the certificate's subject and issuer CN
   * @param notBefore start of validity (the CLI passes the current time)
   * @param days validity in days
   * @param random source of the ID and serial number (the key material comes from the token)
   * @return the URI of the new key and its certificate
   * @throws InvalidInputException on an unusable URI or PIN, or when the token already holds an
   *     object with that label or ID
   * @throws IOException when the token fails
   */
  public static GeneratedTokenKey generate(
      KeyType type,
      Pkcs11Uri uri,
      Optional<Path> pinFile,
      Optional<Path> defaultModule,
      String commonName,
      Instant notBefore,
      int days,
      SecureRandom random)
      throws IOException {
    String where = "--pkcs11-uri";
    KeyGenerator.Validity validity = KeyGenerator.validity(commonName, notBefore, days);
    Optional<String> label = uri.text(Pkcs11Uri.Attribute.OBJECT);
    if (label.isEmpty()) {
      throw new InvalidInputException(where + ": " + uri + ": name the new key with object=LABEL");
    }
    Optional<String> objectType = uri.text(Pkcs11Uri.Attribute.TYPE);
    if (objectType.isPresent() && !objectType.get().equals("private")) {
      throw new InvalidInputException(
          where + ": " + uri + ": genkey makes a key pair; type= must be private if given");
    }
    byte[] id = uri.id().orElseGet(() -> randomId(random));
    byte[] labelBytes = label.get().getBytes(StandardCharsets.UTF_8);
    char @Nullable [] pin = TokenSigningKey.pin(uri, pinFile, where);
    Pkcs11Token token = Pkcs11Token.open(uri, defaultModule, where);
    X509Certificate cert =
        token.session(
            true,
            pin,
            s -> {
              checkFree(token, s, labelBytes, id, uri);
              return create(token, s, type, labelBytes, id, commonName, validity, random);
            });
    Pkcs11Uri keyUri =
        uri.withoutPinValue()
            .with(Pkcs11Uri.Attribute.ID, id)
            .with(Pkcs11Uri.Attribute.TYPE, "private".getBytes(StandardCharsets.US_ASCII));
    return new GeneratedTokenKey(type, keyUri.toString(), cert);
  }

  private static byte[] randomId(SecureRandom random) {
    byte[] id = new byte[ID_BYTES];
    random.nextBytes(id);
    return id;
  }

  private static void checkFree(
      Pkcs11Token token, long session, byte[] label, byte[] id, Pkcs11Uri uri)
      throws ImageBuildException {
    int byLabel = token.library().find(session, CKA_LABEL, label).length;
    int byId = token.library().find(session, CKA_ID, id).length;
    if (byLabel + byId > 0) {
      throw new InvalidInputException(
          "--pkcs11-uri: "
              + uri
              + ": "
              + token.name()
              + " already holds "
              + (byLabel > 0
                  ? byLabel
                      + " object(s) labelled '"
                      + new String(label, StandardCharsets.UTF_8)
                      + "'"
                  : "")
              + (byLabel > 0 && byId > 0 ? " and " : "")
              + (byId > 0 ? byId + " object(s) with that id" : "")
              + "; choose another object= (or delete them, e.g. with pkcs11-tool --delete-object)");
    }
  }

  /** Makes the key pair and the certificate; on failure destroys what it made. */
  private static X509Certificate create(
      Pkcs11Token token,
      long session,
      KeyType type,
      byte[] label,
      byte[] id,
      String commonName,
      KeyGenerator.Validity validity,
      SecureRandom random)
      throws ImageBuildException {
    Pkcs11Library p11 = token.library();
    long[] pair =
        p11.generateKeyPair(
            session,
            type == KeyType.RSA ? CKM_RSA_PKCS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN,
            publicTemplate(type, label, id),
            new Object[] {
              CKA_TOKEN, true,
              CKA_PRIVATE, true,
              CKA_SENSITIVE, true,
              CKA_EXTRACTABLE, false,
              CKA_SIGN, true,
              CKA_DECRYPT, false,
              CKA_UNWRAP, false,
              CKA_DERIVE, false,
              CKA_LABEL, label,
              CKA_ID, id
            });
    List<Long> made = new ArrayList<>(List.of(pair[0], pair[1]));
    boolean done = false;
    try {
      PublicKey publicKey = publicKey(p11, session, pair[0], type, token.name());
      X509Certificate cert;
      try {
        cert =
            KeyGenerator.certificate(
                commonName,
                validity,
                publicKey,
                new TokenContentSigner(
                    type, hash -> TokenSigningKey.sign(token, session, pair[1], type, hash)),
                random);
      } catch (RuntimeOperatorException e) {
        throw e.getCause() instanceof ImageBuildException ibe
            ? ibe
            : new ImageBuildException(token.name() + ": signing the certificate failed", e);
      }
      made.add(
          p11.createObject(
              session,
              CKA_CLASS,
              CKO_CERTIFICATE,
              CKA_CERTIFICATE_TYPE,
              CKC_X_509,
              CKA_TOKEN,
              true,
              CKA_PRIVATE,
              false,
              CKA_LABEL,
              label,
              CKA_ID,
              id,
              CKA_SUBJECT,
              cert.getSubjectX500Principal().getEncoded(),
              CKA_ISSUER,
              cert.getIssuerX500Principal().getEncoded(),
              CKA_SERIAL_NUMBER,
              der(new ASN1Integer(cert.getSerialNumber())),
              CKA_VALUE,
              Certificates.der(cert)));
      done = true;
      return cert;
    } finally {
      if (!done) {
        for (long object : made) {
          try {
            p11.destroyObject(session, object);
          } catch (ImageBuildException ignored) {
            // the first failure is the one to report
          }
        }
      }
    }
  }

  private static Object[] publicTemplate(KeyType type, byte[] label, byte[] id) {
    List<Object> t =
        new ArrayList<>(
            List.of(
                CKA_CLASS,
                CKO_PUBLIC_KEY,
                CKA_TOKEN,
                true,
                CKA_PRIVATE,
                false,
                CKA_VERIFY,
                true,
                CKA_LABEL,
                label,
                CKA_ID,
                id));
    if (type == KeyType.RSA) {
      t.addAll(List.of(CKA_MODULUS_BITS, (long) KeyGenerator.RSA_BITS, CKA_PUBLIC_EXPONENT, F4));
    } else {
      t.addAll(List.of(CKA_EC_PARAMS, der(SECObjectIdentifiers.secp256r1)));
    }
    return t.toArray();
  }

  /** Reads the new public key back: RSA modulus and exponent, or the EC point. */
  private static PublicKey publicKey(
      Pkcs11Library p11, long session, long handle, KeyType type, String name)
      throws ImageBuildException {
    try {
      if (type == KeyType.RSA) {
        byte[] n = present(p11.bytes(session, handle, CKA_MODULUS), "CKA_MODULUS", name);
        byte[] e =
            present(p11.bytes(session, handle, CKA_PUBLIC_EXPONENT), "CKA_PUBLIC_EXPONENT", name);
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(new BigInteger(1, n), new BigInteger(1, e)));
      }
      byte[] point = present(p11.bytes(session, handle, CKA_EC_POINT), "CKA_EC_POINT", name);
      // PKCS#11 wants the point DER-wrapped in an OCTET STRING; some tokens return it bare
      if (point.length > 2 && point[0] == 0x04 && (point[1] & 0xFF) == point.length - 2) {
        point = ASN1OctetString.getInstance(point).getOctets();
      }
      SubjectPublicKeyInfo spki =
          new SubjectPublicKeyInfo(
              new AlgorithmIdentifier(
                  X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
              point);
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new ImageBuildException(
          name + ": cannot read the new public key: " + PrivateKeys.reason(e), e);
    }
  }

  private static byte[] present(byte @Nullable [] value, String attribute, String name)
      throws ImageBuildException {
    if (value == null) {
      throw new ImageBuildException(
          name + ": cannot read the new public key: the token does not show its " + attribute);
    }
    return value;
  }

  private static byte[] der(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException x) {
      throw new IllegalStateException("cannot DER-encode " + e, x);
    }
  }
}
