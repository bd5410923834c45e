package dev.mkddi.description;

import java.util.Objects;

/**
 * A warning or a problem found in a description: where, and what (one line, with the reason).
 * Immutable.
 *
 * @param location where; for a command-line option, the file is the option name
 * @param message what is wrong or ignored, and why
 */
public record Diagnostic(Location location, String message) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when the message is blank or spans several lines
   */
  public Diagnostic {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    if (message.isBlank() || message.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a diagnostic is one non-blank line: " + message);
    }
  }

  /**
   * @return {@code file:line:col: message}, the form of problems and errors
   */
  @Override
  public String toString() {
    return location + ": " + message;
  }

  /**
   * @return {@code file:line: message}, the form of warnings
   */
  public String toLineString() {
    return location.toLineString() + ": " + message;
  }
}
