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
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Writes the PEM files {@code genkey} makes. Stateless and thread-safe. */
final class PemFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /**
   * One file to write.
   *
   * @param name its name in the directory
   * @param text its content
   * @param secret whether it is created with mode 0600 (a private key)
   */
  record File(String name, String text, boolean secret) {}

  private PemFiles() {}

  /**
   * Writes the files into {@code dir}, each under a temporary name renamed into place; on failure
   * no temporary file is left. A secret file is created with mode 0600, so it is never readable by
   * others, not even briefly; the others get the umask's mode.
   *
   * @param dir the output directory, created if missing
   * @param force whether to replace existing files
   * @param files what to write
   * @return the files written, in order
   * @throws InvalidInputException when a file exists and {@code force} is false, or {@code dir} is
   *     not a directory
   * @throws IOException when writing fails
   */
  static List<Path> write(Path dir, boolean force, List<File> files) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
      throw new InvalidInputException(dir + ": not a directory");
    }
    Files.createDirectories(dir);
    List<Path> targets = files.stream().map(f -> dir.resolve(f.name())).toList();
    if (!force) {
      for (Path p : targets) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new InvalidInputException(p + ": already exists (give --force to replace it)");
        }
      }
    }
    List<Path> temps = new ArrayList<>();
    try {
      for (int i = 0; i < files.size(); i++) {
        Path t = temp(targets.get(i), temps);
        if (files.get(i).secret()) {
          create(t, files.get(i).text(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          Files.setPosixFilePermissions(t, OWNER_ONLY); // exactly 0600, whatever the umask
        } else {
          create(t, files.get(i).text());
        }
      }
      for (int i = 0; i < files.size(); i++) {
        move(temps.get(i), targets.get(i), force);
      }
      return targets;
    } finally {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  /**
   * @param label the PEM label, e.g. {@code CERTIFICATE}
   * @param der the DER bytes
   * @return the PEM text, 64 characters a line, ending with a newline
   */
  static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
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
}
