package dev.mkddi.io;

/** The user's input (an option, a file, a description, an archive) is invalid. Exit code 2. */
public class InvalidInputException extends ImageBuildException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, where, and what was expected
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, where, and what was expected
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return ExitCode.INVALID_INPUT;
  }
}
