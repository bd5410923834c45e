package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.operator.ContentSigner;
import org.jspecify.annotations.Nullable;

/**
 * A private key with the certificate of its public half, checked to belong together: what {@link
 * Signer} and {@link AuthenticodeSigner} sign with. The key is a PEM file ({@link PemSigningKey})
 * or lives in a PKCS#11 token ({@link TokenSigningKey}), where it never leaves the token. Immutable
 * and thread-safe.
 */
public abstract sealed class SigningKey permits PemSigningKey, TokenSigningKey {
  private final X509Certificate certificate;
  private final KeyType type;
  private final String name;
  private final String fingerprint;

  /**
   * @param certificate the certificate of the key's public half
   * @param type the kind of key
   * @param name where the key comes from, for messages (never a PIN or password)
   */
  SigningKey(X509Certificate certificate, KeyType type, String name) {
    this.certificate = certificate;
    this.type = type;
    this.name = name;
    this.fingerprint = Certificates.fingerprint(certificate);
  }

  /**
   * @return the signer certificate, embedded in every signature
   */
  public final X509Certificate certificate() {
    return certificate;
  }

  /**
   * @return the kind of key
   */
  public final KeyType type() {
    return type;
  }

  /**
   * @return SHA-256 of the certificate's DER encoding, lower-case hex (the signature partition's
   *     {@code certificateFingerprint})
   */
  public final String certificateFingerprint() {
    return fingerprint;
  }

  /**
   * @return where the key comes from, for messages: the key file, or the PKCS#11 URI without its
   *     PIN
   */
  public final String name() {
    return name;
  }

  /**
   * @return whether signing the same bytes twice gives the same signature: true for RSA (PKCS#1
   *     v1.5) and for EC keys from a file (RFC 6979); false for EC keys in a token, whose ECDSA
   *     nonce is random
   */
  public abstract boolean deterministic();

  /**
   * A signer for one signature with SHA-256: RSA PKCS#1 v1.5 ({@code sha256WithRSAEncryption}) or
   * ECDSA ({@code ecdsa-with-SHA256}, DER {@code SEQUENCE {r, s}}). A token key that fails while
   * signing throws Bouncy Castle's {@link org.bouncycastle.operator.RuntimeOperatorException} from
   * {@link ContentSigner#getSignature()}, its cause the {@link ImageBuildException}.
   *
   * @return a fresh content signer
   * @throws ImageBuildException when the crypto provider cannot sign with the key
   */
  public abstract ContentSigner contentSigner() throws ImageBuildException;

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
  public static PemSigningKey load(Path keyFile, Path certificateFile, char @Nullable [] password)
      throws IOException {
    return PemSigningKey.load(keyFile, certificateFile, password);
  }

  /**
   * @param key a private key
   * @param certificate its certificate
   * @param keyName the key's file name, for messages
   * @param certificateName the certificate's file name, for messages
   * @return the signing key
   * @throws InvalidInputException when the key is unsupported or does not match the certificate
   */
  public static PemSigningKey of(
      PrivateKey key, X509Certificate certificate, String keyName, String certificateName)
      throws InvalidInputException {
    return PemSigningKey.of(key, certificate, keyName, certificateName);
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
  public static Optional<PemSigningKey> loadUnlessEncrypted(
      Path keyFile, X509Certificate certificate, String certificateName) throws IOException {
    return PemSigningKey.loadUnlessEncrypted(keyFile, certificate, certificateName);
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
    return readPassword(file, "--key-password-file");
  }

  /**
   * Reads a password or PIN: the first line of the file, without its line ending.
   *
   * @param file the file
   * @param what the option or attribute that named it, for messages
   * @return the password
   * @throws InvalidInputException when the file is missing, or it or its first line is empty
   * @throws IOException when it cannot be read
   */
  static char[] readPassword(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          what + ": " + file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
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
}
