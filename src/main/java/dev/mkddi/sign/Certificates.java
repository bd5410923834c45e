package dev.mkddi.sign;

import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Loads X.509 certificates (PEM or DER) and computes their fingerprints. Stateless, thread-safe.
 */
public final class Certificates {
  /** Certificate and key files larger than this are refused unread. */
  static final long MAX_FILE_SIZE = 1 << 20;

  private static final String PEM_BEGIN = "-----BEGIN";

  private Certificates() {}

  /**
   * Loads the first certificate of a PEM file ({@code -----BEGIN CERTIFICATE-----}) or a DER file.
   *
   * @param file the certificate file
   * @return the certificate
   * @throws InvalidInputException when the file holds no readable X.509 certificate
   * @throws IOException when the file cannot be read
   */
  public static X509Certificate load(Path file) throws IOException {
    return parse(readSmallFile(file, "certificate"), file.toString());
  }

  /**
   * Parses a certificate from PEM or DER bytes.
   *
   * @param bytes the file content
   * @param name the file name, for messages
   * @return the certificate
   * @throws InvalidInputException when the bytes hold no readable X.509 certificate
   */
  public static X509Certificate parse(byte[] bytes, String name) throws InvalidInputException {
    if (new String(bytes, StandardCharsets.ISO_8859_1).contains(PEM_BEGIN)) {
      return parsePem(bytes, name);
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bytes));
    } catch (CertificateException | RuntimeException e) {
      throw new InvalidInputException(
          name + ": not an X.509 certificate (expected PEM 'CERTIFICATE' or DER)", e);
    }
  }

  private static X509Certificate parsePem(byte[] bytes, String name) throws InvalidInputException {
    try (Reader in =
            new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(in)) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          return new JcaX509CertificateConverter().getCertificate(holder);
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new InvalidInputException(
          name + ": malformed PEM certificate: " + PrivateKeys.reason(e), e);
    }
    throw new InvalidInputException(
        name + ": no certificate found (expected a PEM block 'BEGIN CERTIFICATE')");
  }

  /**
   * How messages name a certificate: its subject, which two certificates may share, and its SHA-256
   * fingerprint, which tells them apart.
   *
   * @param certificate a certificate
   * @return {@code CN=… (sha256 <64 hex digits>)}
   */
  public static String describe(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName()
        + " (sha256 "
        + fingerprint(certificate)
        + ")";
  }

  /**
   * The certificate fingerprint of the signature partition JSON: SHA-256 over the DER encoding,
   * lower-case hex without colons (what {@code openssl x509 -outform DER | sha256sum} prints).
   *
   * @param certificate the certificate
   * @return 64 lower-case hex digits
   */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return Hex.encode(MessageDigest.getInstance(SignConstants.DIGEST).digest(der(certificate)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * @param certificate a certificate
   * @return its DER encoding
   */
  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
    }
  }

  /**
   * Reads a key or certificate file, refusing anything larger than {@link #MAX_FILE_SIZE}.
   *
   * @param what {@code "certificate"} or {@code "key"}, for the message
   * @return its bytes
   * @throws IOException when the file cannot be read or is too large
   */
  static byte[] readSmallFile(Path file, String what) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_SIZE) {
      throw new InvalidInputException(
          file + ": " + size + " bytes is too large for a " + what + " file");
    }
    return Files.readAllBytes(file);
  }
}
