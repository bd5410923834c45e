package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the user named a signing key: a PEM file or a PKCS#11 URI ({@code pkcs11:…}), with the
 * certificate (a file; for a token key optional, the token's certificate is used without one), the
 * file holding the key's password or the token's PIN, and the PKCS#11 module to load when a URI
 * names none. {@link #open} turns it into a {@link SigningKey}. Immutable and thread-safe.
 *
 * @param key a PEM file name, or a PKCS#11 URI
 * @param certificate the certificate file
 * @param passwordFile a file whose first line is the key's password or the token's PIN
 * @param pkcs11Module the module for URIs without {@code module-path} ({@code MKDDI_PKCS11_MODULE},
 *     or p11-kit's proxy, as the CLI found them)
 */
public record KeyReference(
    String key,
    Optional<Path> certificate,
    Optional<Path> passwordFile,
    Optional<Path> pkcs11Module) {

  /** Checks for nulls. */
  public KeyReference {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(passwordFile, "passwordFile");
    Objects.requireNonNull(pkcs11Module, "pkcs11Module");
  }

  /**
   * @return whether the key is in a PKCS#11 token
   */
  public boolean inToken() {
    return Pkcs11Uri.isUri(key);
  }

  /**
   * Opens the key and checks it against its certificate.
   *
   * @param where the option that named the key, for messages ({@code --signing-key})
   * @return the key
   * @throws InvalidInputException when the key, certificate, password or PIN is unusable, or a PEM
   *     key comes without a certificate
   * @throws IOException when a file cannot be read or the token fails
   */
  public SigningKey open(String where) throws IOException {
    if (inToken()) {
      return TokenSigningKey.open(
          Pkcs11Uri.parse(key, where), certificate, passwordFile, pkcs11Module, where);
    }
    if (certificate.isEmpty()) {
      throw new InvalidInputException(
          where + ": the key " + key + " needs its certificate (--certificate)");
    }
    char[] password = passwordFile.isPresent() ? SigningKey.readPassword(passwordFile.get()) : null;
    try {
      return PemSigningKey.load(Path.of(key), certificate.get(), password);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * @param osArch the JVM's {@code os.arch}
   * @return where p11-kit's proxy module is installed on Debian (multiarch), Fedora and Arch, in
   *     that order
   */
  public static List<Path> p11KitProxy(String osArch) {
    return Pkcs11Library.p11KitProxyCandidates(osArch);
  }

  /**
   * @return the key as the user named it, a URI without its PIN
   */
  @Override
  public String toString() {
    return describe(key);
  }

  /**
   * @param key a PEM file name or a PKCS#11 URI
   * @return the key for messages and reports: the file name, or the URI without its PIN
   */
  public static String describe(String key) {
    if (Pkcs11Uri.isUri(key)) {
      try {
        return Pkcs11Uri.parse(key, "key").toString();
      } catch (InvalidInputException e) {
        return Pkcs11Uri.SCHEME + "…";
      }
    }
    return key;
  }
}
