package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A freshly generated signing key and its self-signed certificate ({@link KeyGenerator}), with
 * their PEM encodings and the code that writes them. Immutable and thread-safe.
 *
 * @param type the kind of key
 * @param privateKey the private key
 * @param certificate the self-signed certificate of its public half
 */
public record GeneratedKey(KeyType type, PrivateKey privateKey, X509Certificate certificate) {
  /**
   * @return the private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----})
   */
  public String privateKeyPem() {
    return PemFiles.pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /**
   * @return the certificate as PEM ({@code -----BEGIN CERTIFICATE-----})
   */
  public String certificatePem() {
    return PemFiles.pem("CERTIFICATE", Certificates.der(certificate));
  }

  /**
   * @return SHA-256 of the certificate's DER encoding, lower-case hex
   */
  public String certificateFingerprint() {
    return Certificates.fingerprint(certificate);
  }

  /**
   * Writes {@code dir/verity.key} (created with mode 0600, so it is never readable by others, not
   * even briefly) and {@code dir/verity.crt} (mode per umask). Each is written under a temporary
   * name and renamed into place; on failure neither temporary file is left.
   *
   * @param dir the output directory, created if missing
   * @param force whether to replace existing files
   * @return the key file and the certificate file, in that order
   * @throws InvalidInputException when a file exists and {@code force} is false, or {@code dir} is
   *     not a directory
   * @throws IOException when writing fails
   */
  public List<Path> write(Path dir, boolean force) throws IOException {
    return PemFiles.write(
        dir,
        force,
        List.of(
            new PemFiles.File(KeyGenerator.KEY_FILE, privateKeyPem(), true),
            new PemFiles.File(KeyGenerator.CERTIFICATE_FILE, certificatePem(), false)));
  }

  /**
   * @return a description without key material
   */
  @Override
  public String toString() {
    return "GeneratedKey[" + type + ", " + certificate.getSubjectX500Principal().getName() + "]";
  }
}
