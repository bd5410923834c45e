package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.jspecify.annotations.Nullable;

/**
 * Reads a PEM private key in any of the forms OpenSSL writes: PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}, optionally after {@code EC PARAMETERS}),
 * encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}) and legacy encrypted PEM ({@code Proc-Type:
 * 4,ENCRYPTED}). Other PEM blocks in the file (certificates) are skipped. Stateless and
 * thread-safe.
 */
final class PrivateKeys {
  /**
   * A Java exception's class name as it prefixes a nested message ({@code java.io.IOException: }).
   */
  private static final Pattern JAVA_CLASS =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?");

  private static final String EXPECTED =
      "expected a PEM block 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY' or"
          + " 'ENCRYPTED PRIVATE KEY'";

  private PrivateKeys() {}

  /** Bouncy Castle's provider, built on first use: only decryption needs it (PBES2, scrypt). */
  private static final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  /**
   * @param file the PEM file
   * @param password the password of an encrypted key, or null
   * @return the decoded (and decrypted) key
   * @throws InvalidInputException when the file holds no usable private key or the password is
   *     missing or wrong
   * @throws IOException when the file cannot be read
   */
  static PrivateKeyInfo load(Path file, char @Nullable [] password) throws IOException {
    return decode(read(file), file.toString(), password);
  }

  /**
   * @param file the PEM file
   * @return the decoded key, or empty when it is encrypted (it cannot be read without its password)
   * @throws InvalidInputException when the file holds no usable private key
   * @throws IOException when the file cannot be read
   */
  static Optional<PrivateKeyInfo> loadUnlessEncrypted(Path file) throws IOException {
    Object found = read(file);
    if (found instanceof PEMEncryptedKeyPair || found instanceof PKCS8EncryptedPrivateKeyInfo) {
      return Optional.empty();
    }
    return Optional.of(decode(found, file.toString(), null));
  }

  /** The first private key (plain or encrypted) of a PEM file, as Bouncy Castle parses it. */
  private static Object read(Path file) throws IOException {
    byte[] bytes = Certificates.readSmallFile(file, "key");
    String name = file.toString();
    Object found = null;
    try (Reader in =
            new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(in)) {
      for (Object o = pem.readObject(); o != null && found == null; o = pem.readObject()) {
        if (o instanceof PrivateKeyInfo
            || o instanceof PEMKeyPair
            || o instanceof PEMEncryptedKeyPair
            || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          found = o;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(name + ": malformed PEM private key: " + reason(e), e);
    }
    if (found == null) {
      throw new InvalidInputException(name + ": no private key found (" + EXPECTED + ")");
    }
    return found;
  }

  private static PrivateKeyInfo decode(Object o, String name, char @Nullable [] password)
      throws InvalidInputException {
    if (o instanceof PrivateKeyInfo info) {
      return info;
    }
    if (o instanceof PEMKeyPair pair) {
      return pair.getPrivateKeyInfo();
    }
    if (password == null) {
      throw new InvalidInputException(
          name + ": the private key is encrypted; give its password with --key-password-file");
    }
    try {
      if (o instanceof PEMEncryptedKeyPair legacy) {
        return legacy
            .decryptKeyPair(
                new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password))
            .getPrivateKeyInfo();
      }
      return ((PKCS8EncryptedPrivateKeyInfo) o)
          .decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder()
                  .setProvider(Bc.PROVIDER)
                  .build(password));
    } catch (Exception e) {
      throw new InvalidInputException(
          name + ": cannot decrypt the private key (wrong password?): " + reason(e), e);
    }
  }

  /**
   * @param e a failure from Bouncy Castle or the JCA
   * @return its message on one line, or its type when it has none
   */
  static String reason(Throwable e) {
    String msg = e.getMessage();
    if (msg == null || msg.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String plain = JAVA_CLASS.matcher(msg.replace('\n', ' ').replace('\r', ' ')).replaceAll("");
    plain = plain.replace("subject key, ", "subject public key: ").strip();
    return plain.isEmpty() ? e.getClass().getSimpleName() : plain;
  }
}
