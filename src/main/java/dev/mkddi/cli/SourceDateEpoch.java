package dev.mkddi.cli;

import dev.mkddi.io.InvalidInputException;
import java.time.Instant;
import java.util.Optional;

/** Reads {@code SOURCE_DATE_EPOCH} from the environment (reproducible-builds.org). */
final class SourceDateEpoch {
  private SourceDateEpoch() {}

  /**
   * @return the time it names, or empty when it is unset or empty
   * @throws InvalidInputException when it is not a non-negative whole number of seconds
   */
  static Optional<Instant> fromEnvironment() throws InvalidInputException {
    return parse(System.getenv("SOURCE_DATE_EPOCH"));
  }

  /**
   * @param epoch the variable's value, or {@code null} when unset
   * @return the time it names, or empty when it is unset or empty
   * @throws InvalidInputException when it is not a non-negative whole number of seconds
   */
  static Optional<Instant> parse(String epoch) throws InvalidInputException {
    if (epoch == null || epoch.isBlank()) {
      return Optional.empty();
    }
    String digits = epoch.trim();
    long seconds;
    try {
      // digits only: no sign, as the spec asks for a non-negative integer
      seconds = digits.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(digits) : -1;
    } catch (NumberFormatException tooLarge) {
      seconds = -1;
    }
    if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw new InvalidInputException(
          "SOURCE_DATE_EPOCH: expected a non-negative whole number of seconds since 1970, got '"
              + epoch
              + "'");
    }
    return Optional.of(Instant.ofEpochSecond(seconds));
  }
}
