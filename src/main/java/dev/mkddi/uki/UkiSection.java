package dev.mkddi.uki;

import dev.mkddi.io.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One section to add to a UKI: its name (e.g. {@code .cmdline}) and its content, either bytes
 * (small generated sections) or a host file streamed at write time (kernel, initrd). Immutable and
 * thread-safe.
 *
 * @param name the PE section name, 1 to 8 printable ASCII characters, e.g. {@code .linux}
 * @param file the file holding the content, or null when {@code bytes} is given
 * @param bytes the content (a copy), or null when {@code file} is given
 */
public record UkiSection(String name, @Nullable Path file, byte @Nullable [] bytes) {
  /** Compact constructor: exactly one of {@code file} and {@code bytes}; copies the bytes. */
  public UkiSection {
    Objects.requireNonNull(name, "name");
    if ((file == null) == (bytes == null)) {
      throw new IllegalArgumentException("UKI section " + name + ": give a file or bytes");
    }
    bytes = bytes == null ? null : bytes.clone();
  }

  /**
   * @param name the section name
   * @param file the host file streamed into the section
   * @return the section
   */
  public static UkiSection file(String name, Path file) {
    return new UkiSection(name, file, null);
  }

  /**
   * @param name the section name
   * @param content the section's bytes
   * @return the section
   */
  public static UkiSection bytes(String name, byte[] content) {
    return new UkiSection(name, null, content);
  }

  @Override
  public byte @Nullable [] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  /**
   * @return the content length
   * @throws IOException when the file's size cannot be read
   */
  long length() throws IOException {
    return bytes != null ? bytes.length : Files.size(file);
  }

  /** Rejects names the stub cannot find: longer than 8 bytes or not printable ASCII. */
  void validate() throws InvalidInputException {
    if (name.isEmpty()
        || name.length() > PeConstants.SH_NAME_LEN
        || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw new InvalidInputException(
          "UKI section name '" + name + "': expected 1 to 8 printable ASCII characters");
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "UKI section " + name + ": " + file + " is not a regular file");
    }
  }
}
