package dev.mkddi.cli;

import dev.mkddi.io.InvalidInputException;
import java.time.Instant;
import java.util.Optional;

/** Reads {@code SOURCE_DATE_EPOCH} from the environment (reproducible-builds.org). */
final class SourceDateEpoch {
  private SourceDateEpoch() {}

  /**
   * @return the time it names, or empty when it is unset or empty
   * @throws InvalidInputException when it is not a whole number of seconds
   */
  static Optional<Instant> fromEnvironment() throws InvalidInputException {
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    if (epoch == null || epoch.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.trim())));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "SOURCE_DATE_EPOCH: expected whole seconds since 1970, got '" + epoch + "'");
    }
  }
}
