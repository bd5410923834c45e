package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.jspecify.annotations.Nullable;

/**
 * A private key with the certificate of its public half, checked to belong together: what {@link
 * Signer} signs with. Immutable and thread-safe.
 */
public final class SigningKey {
  /** The NIST curves the kernel's and OpenSSL's ECDSA verifiers accept, by OID. */
  private static final Map<ASN1ObjectIdentifier, String> CURVES =
      Map.of(
          SECObjectIdentifiers.secp256r1, "P-256",
          SECObjectIdentifiers.secp384r1, "P-384",
          SECObjectIdentifiers.secp521r1, "P-521");

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final KeyType type;
  private final String fingerprint;

  private SigningKey(PrivateKey privateKey, X509Certificate certificate, KeyType type) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.type = type;
    this.fingerprint = Certificates.fingerprint(certificate);
  }

  /**
   * Loads a PEM private key (PKCS#1, PKCS#8, SEC1, encrypted PKCS#8 or legacy encrypted PEM) and
   * its certificate (PEM or DER), and checks that they belong together.
   *
   * @param keyFile the private key file
   * @param certificateFile the certificate file
   * @param password the password of an encrypted key, or null
   * @return the signing key
   * @throws InvalidInputException on an unreadable, unsupported, encrypted-without-password or
   *     mismatched key or certificate; the message names the file
   * @throws IOException when a file cannot be read
   */
  public static SigningKey load(Path keyFile, Path certificateFile, char @Nullable [] password)
      throws IOException {
    X509Certificate certificate = Certificates.load(certificateFile);
    PrivateKeyInfo info = PrivateKeys.load(keyFile, password);
    return of(info, certificate, keyFile.toString(), certificateFile.toString());
  }

  /**
   * Checks a PEM private key against a certificate, as {@link #load} does, without a password: an
   * encrypted key cannot be read, so it is left to {@link #load} (what {@code describe} does before
   * the build has the password).
   *
   * @param keyFile the private key file
   * @param certificate the certificate it should belong to
   * @param certificateName the certificate's file name, for messages
   * @return the signing key, or empty when the key is encrypted
   * @throws InvalidInputException on an unreadable, unsupported or mismatched key; the message
   *     names the file
   * @throws IOException when the file cannot be read
   */
  public static Optional<SigningKey> loadUnlessEncrypted(
      Path keyFile, X509Certificate certificate, String certificateName) throws IOException {
    Optional<PrivateKeyInfo> info = PrivateKeys.loadUnlessEncrypted(keyFile);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(of(info.get(), certificate, keyFile.toString(), certificateName));
  }

  /**
   * Reads a key password the way {@code openssl -passin file:F} does: the first line of the file,
   * without its line ending.
   *
   * @param file the password file ({@code --key-password-file})
   * @return the password
   * @throws InvalidInputException when the file is missing, or it or its first line is empty
   * @throws IOException when it cannot be read
   */
  public static char[] readPassword(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "--key-password-file: "
              + file
              + (Files.exists(file) ? " is not a regular file" : " does not exist"));
    }
    byte[] bytes = Certificates.readSmallFile(file, "password");
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    if (end == 0) {
      throw new InvalidInputException(file + ": the password file is empty");
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
    char[] password = new char[chars.remaining()];
    chars.get(password);
    Arrays.fill(bytes, (byte) 0);
    return password;
  }

  /**
   * @param key a private key
   * @param certificate its certificate
   * @param keyName the key's file name, for messages
   * @param certificateName the certificate's file name, for messages
   * @return the signing key
   * @throws InvalidInputException when the key is unsupported or does not match the certificate
   */
  public static SigningKey of(
      PrivateKey key, X509Certificate certificate, String keyName, String certificateName)
      throws InvalidInputException {
    return of(PrivateKeyInfo.getInstance(key.getEncoded()), certificate, keyName, certificateName);
  }

  private static SigningKey of(
      PrivateKeyInfo info, X509Certificate certificate, String keyName, String certificateName)
      throws InvalidInputException {
    KeyType type = classify(info.getPrivateKeyAlgorithm(), keyName);
    PrivateKey key;
    try {
      key = new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          keyName + ": unreadable " + type.jcaName() + " private key: " + PrivateKeys.reason(e), e);
    }
    if (key instanceof RSAPrivateKey rsa
        && rsa.getModulus().bitLength() < SignConstants.MIN_RSA_BITS) {
      throw new InvalidInputException(
          keyName
              + ": RSA key of "
              + rsa.getModulus().bitLength()
              + " bits is too weak (expected at least "
              + SignConstants.MIN_RSA_BITS
              + ")");
    }
    KeyMatch.check(key, certificate, keyName, certificateName);
    return new SigningKey(key, certificate, type);
  }

  private static String keyTypeName(ASN1ObjectIdentifier oid) {
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return "Ed25519";
    }
    if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
      return "Ed448";
    }
    return new DefaultAlgorithmNameFinder().getAlgorithmName(oid);
  }

  private static KeyType classify(AlgorithmIdentifier algorithm, String keyName)
      throws InvalidInputException {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return KeyType.RSA;
    }
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      ASN1Primitive params =
          algorithm.getParameters() == null ? null : algorithm.getParameters().toASN1Primitive();
      if (params instanceof ASN1ObjectIdentifier curve && CURVES.containsKey(curve)) {
        return KeyType.EC;
      }
      throw new InvalidInputException(
          keyName
              + ": unsupported EC curve "
              + (params instanceof ASN1ObjectIdentifier curve
                  ? curve.getId()
                  : "(explicit parameters)")
              + " (expected P-256, P-384 or P-521)");
    }
    throw new InvalidInputException(
        keyName
            + ": unsupported key type "
            + keyTypeName(oid)
            + " (expected RSA or EC P-256/P-384/P-521)");
  }

  /**
   * @return the private key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * @return the signer certificate, embedded in every signature
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * @return the kind of key
   */
  public KeyType type() {
    return type;
  }

  /**
   * @return SHA-256 of the certificate's DER encoding, lower-case hex (the signature partition's
   *     {@code certificateFingerprint})
   */
  public String certificateFingerprint() {
    return fingerprint;
  }
}
