package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A freshly generated signing key and its self-signed certificate ({@link KeyGenerator}), with
 * their PEM encodings and the code that writes them. Immutable and thread-safe.
 *
 * @param type the kind of key
 * @param privateKey the private key
 * @param certificate the self-signed certificate of its public half
 */
public record GeneratedKey(KeyType type, PrivateKey privateKey, X509Certificate certificate) {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /**
   * @return the private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----})
   */
  public String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /**
   * @return the certificate as PEM ({@code -----BEGIN CERTIFICATE-----})
   */
  public String certificatePem() {
    return pem("CERTIFICATE", Certificates.der(certificate));
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
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": not a directory");
    }
    Files.createDirectories(dir);
    Path key = dir.resolve(KeyGenerator.KEY_FILE);
    Path cert = dir.resolve(KeyGenerator.CERTIFICATE_FILE);
    if (!force) {
      for (Path p : List.of(key, cert)) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new InvalidInputException(p + ": already exists (give --force to replace it)");
        }
      }
    }
    List<Path> temps = new ArrayList<>();
    try {
      Path keyTemp = temp(key, temps);
      Path certTemp = temp(cert, temps);
      create(keyTemp, privateKeyPem(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.setPosixFilePermissions(keyTemp, OWNER_ONLY); // exactly 0600, whatever the umask
      create(certTemp, certificatePem());
      move(keyTemp, key, force);
      move(certTemp, cert, force);
      return List.of(key, cert);
    } finally {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  /**
   * @return a description without key material
   */
  @Override
  public String toString() {
    return "GeneratedKey[" + type + ", " + certificate.getSubjectX500Principal().getName() + "]";
  }

  private static Path temp(Path target, List<Path> temps) throws IOException {
    Path t = target.resolveSibling(target.getFileName() + ".tmp");
    // a leftover temp file may have looser permissions: never reopen it, recreate it
    Files.deleteIfExists(t);
    temps.add(t);
    return t;
  }

  private static void create(Path file, String text, FileAttribute<?>... attrs) throws IOException {
    try (SeekableByteChannel ch =
        Files.newByteChannel(
            file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  private static void move(Path from, Path to, boolean force) throws IOException {
    try {
      if (force) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(from, to);
      }
    } catch (FileAlreadyExistsException e) {
      throw new InvalidInputException(to + ": already exists (give --force to replace it)", e);
    }
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}
