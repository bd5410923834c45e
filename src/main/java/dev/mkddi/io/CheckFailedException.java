package dev.mkddi.io;

/** A verification found a mismatch (bad block, wrong root hash, bad signature). Exit code 1. */
public class CheckFailedException extends ImageBuildException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message the first problem found, with its location
   */
  public CheckFailedException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return ExitCode.CHECK_FAILED;
  }
}
