package dev.mkddi.cli;

import dev.mkddi.io.InvalidInputException;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses UUIDs given on the command line in the canonical 8-4-4-4-12 hex form only (Java's {@link
 * UUID#fromString} also takes {@code 1-2-3-4-5}). Stateless and thread-safe.
 */
final class UuidText {
  private static final Pattern CANONICAL =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  private UuidText() {}

  /**
   * @param option the option, for the message (e.g. {@code "--uuid"})
   * @param text the value given
   * @return the UUID
   * @throws InvalidInputException when it is not a canonical UUID
   */
  static UUID parse(String option, String text) throws InvalidInputException {
    if (!CANONICAL.matcher(text).matches()) {
      throw new InvalidInputException(option + ": " + problem(text));
    }
    return UUID.fromString(text);
  }

  private static String problem(String text) {
    return "'" + text + "' is not a UUID (expected 8-4-4-4-12 hex digits)";
  }

  /** For picocli options typed {@link UUID}; a bad value is a usage error. */
  static final class Converter implements ITypeConverter<UUID> {
    @Override
    public UUID convert(String text) {
      if (!CANONICAL.matcher(text).matches()) {
        throw new TypeConversionException(problem(text));
      }
      return UUID.fromString(text);
    }
  }
}
