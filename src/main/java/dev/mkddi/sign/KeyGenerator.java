package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates a verity signing key and its self-signed X.509 certificate, as {@code mkosi genkey}
 * does with {@code openssl req -x509}. The certificate is an end-entity signing certificate: v3,
 * SHA-256, subject = issuer = {@code CN=<name>}, a random 127-bit serial, extensions
 * basicConstraints {@code CA:FALSE} (critical), keyUsage {@code digitalSignature} (critical),
 * subject and authority key identifiers — the set the kernel's own module-signing key uses ({@code
 * certs/default_x509.genkey}); the kernel's keyring code looks at keyUsage digitalSignature.
 *
 * <p>Key choice: RSA 3072 by default. RSA verifies everywhere (kernel, OpenSSL, systemd) and 3072
 * bits give the 128-bit strength NIST SP 800-57 expects after 2030, which matters for the default
 * ten-year certificate. mkosi uses RSA 2048 because its key also signs for UEFI Secure Boot, where
 * firmware may only support 2048; a verity key has no such limit. {@link KeyType#EC} gives a NIST
 * P-256 key (smaller, signed deterministically).
 *
 * <p>Stateless and thread-safe. Key material comes from the caller's {@link SecureRandom}.
 */
public final class KeyGenerator {
  /** Name of the private key file {@code genkey} writes. */
  public static final String KEY_FILE = "verity.key";

  /** Name of the certificate file {@code genkey} writes. */
  public static final String CERTIFICATE_FILE = "verity.crt";

  /** Common name of the certificate unless the user gives one. */
  public static final String DEFAULT_COMMON_NAME = "mkddi verity signing key";

  /** Validity of the certificate in days unless the user gives one (as mkosi). */
  public static final int DEFAULT_DAYS = 3650;

  /** RSA modulus size. */
  public static final int RSA_BITS = 3072;

  /** EC curve (JCA name of NIST P-256). */
  public static final String EC_CURVE = "secp256r1";

  /** X.520 upper bound of a common name. */
  private static final int MAX_COMMON_NAME = 64;

  /** X.509 dates end with the year 9999. */
  private static final Instant LAST_DATE = Instant.parse("9999-12-31T23:59:59Z");

  private static final int SERIAL_BITS = 127;

  private KeyGenerator() {}

  /**
   * Generates a key pair and its self-signed certificate.
   *
   * @param type RSA ({@value #RSA_BITS} bits) or EC (P-256)
   * @param commonName the certificate's subject and issuer CN, 1 to 64 characters
   * @param notBefore start of validity (the CLI passes the current time; truncated to seconds)
   * @param days validity in days, at least 1
   * @param random source of key material and serial number
   * @return the key and certificate
   * @throws InvalidInputException on an empty or too long name or a validity out of range
   * @throws ImageBuildException when the crypto provider fails
   */
  public static GeneratedKey generate(
      KeyType type, String commonName, Instant notBefore, int days, SecureRandom random)
      throws ImageBuildException {
    Validity validity = validity(commonName, notBefore, days);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type.jcaName());
      generator.initialize(parameters(type), random);
      KeyPair pair = generator.generateKeyPair();
      ContentSigner signer =
          new JcaContentSignerBuilder(type.signatureAlgorithm())
              .setSecureRandom(random)
              .build(pair.getPrivate());
      X509Certificate certificate =
          certificate(commonName, validity, pair.getPublic(), signer, random);
      return new GeneratedKey(type, pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new ImageBuildException("key generation failed: " + PrivateKeys.reason(e), e);
    }
  }

  /**
   * The certificate's validity.
   *
   * @param start its first second
   * @param end its last
   */
  record Validity(Instant start, Instant end) {}

  /**
   * Checks the common name and the number of days.
   *
   * @param commonName the certificate's subject and issuer CN, 1 to 64 characters
   * @param notBefore start of validity (truncated to seconds)
   * @param days validity in days, at least 1
   * @return the validity period
   * @throws InvalidInputException on an empty or too long name or a validity out of range
   */
  static Validity validity(String commonName, Instant notBefore, int days)
      throws InvalidInputException {
    if (commonName.isBlank() || commonName.length() > MAX_COMMON_NAME) {
      throw new InvalidInputException(
          "--common-name: expected 1 to "
              + MAX_COMMON_NAME
              + " characters, got "
              + commonName.length());
    }
    Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
    if (days < 1 || Duration.between(start, LAST_DATE).toDays() < days) {
      throw new InvalidInputException(
          "--days: expected 1 or more days ending before the year 10000, got " + days);
    }
    return new Validity(start, start.plus(Duration.ofDays(days)));
  }

  private static AlgorithmParameterSpec parameters(KeyType type) {
    return switch (type) {
      case RSA -> new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4);
      case EC -> new ECGenParameterSpec(EC_CURVE);
    };
  }

  /**
   * The self-signed certificate of a new key: see the class comment for its fields.
   *
   * @param cn the subject and issuer CN
   * @param validity its validity
   * @param publicKey the key's public half
   * @param signer signs with the key's private half (in software or in a token)
   * @param random source of the serial number
   * @return the certificate
   * @throws ImageBuildException when the certificate cannot be built or signed
   */
  static X509Certificate certificate(
      String cn, Validity validity, PublicKey publicKey, ContentSigner signer, SecureRandom random)
      throws ImageBuildException {
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    BigInteger serial = new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial,
                  Date.from(validity.start()),
                  Date.from(validity.end()),
                  name,
                  publicKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(publicKey));
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new ImageBuildException("certificate generation failed: " + PrivateKeys.reason(e), e);
    }
  }
}
