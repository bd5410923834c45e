package dev.mkddi.description;

import dev.mkddi.io.InvalidInputException;

/**
 * A description cannot be read or cannot be built: malformed XML, a schema violation, unknown
 * vocabulary, or (from {@link ImageDescription#validateForBuild()}) a problem. The message is one
 * line, {@code file:line:col: what}. Exit code 2.
 */
public class DescriptionException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final transient Location location;

  /**
   * @param location where
   * @param problem what is wrong, and what was expected
   */
  public DescriptionException(Location location, String problem) {
    super(location + ": " + problem);
    this.location = location;
  }

  /**
   * @param diagnostic a problem found in a description
   */
  public DescriptionException(Diagnostic diagnostic) {
    this(diagnostic.location(), diagnostic.message());
  }

  /**
   * @return where the problem is
   */
  public Location location() {
    return location;
  }
}
