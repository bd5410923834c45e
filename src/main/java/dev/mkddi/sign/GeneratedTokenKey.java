package dev.mkddi.sign;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A key pair {@link TokenKeyGenerator} made in a PKCS#11 token, and its self-signed certificate,
 * which is stored on the token too. Immutable and thread-safe.
 *
 * @param type the kind of key
 * @param uri the key's PKCS#11 URI, with its {@code id=} and without a PIN
 * @param certificate the self-signed certificate
 */
public record GeneratedTokenKey(KeyType type, String uri, X509Certificate certificate) {
  /**
   * @return SHA-256 of the certificate's DER encoding, lower-case hex
   */
  public String certificateFingerprint() {
    return Certificates.fingerprint(certificate);
  }

  /**
   * Writes {@code dir/verity.crt}, the certificate as PEM (the key stays in the token).
   *
   * @param dir the output directory, created if missing
   * @param force whether to replace an existing file
   * @return the file written
   * @throws dev.mkddi.io.InvalidInputException when the file exists and {@code force} is false
   * @throws IOException when writing fails
   */
  public Path writeCertificate(Path dir, boolean force) throws IOException {
    return PemFiles.write(
            dir,
            force,
            List.of(
                new PemFiles.File(
                    KeyGenerator.CERTIFICATE_FILE,
                    PemFiles.pem("CERTIFICATE", Certificates.der(certificate)),
                    false)))
        .get(0);
  }
}
