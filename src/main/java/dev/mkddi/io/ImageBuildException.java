package dev.mkddi.io;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Base class of every failure mkddi reports to its user. The CLI prints {@link #getMessage()} as
 * one line and exits with {@link #exitCode()}.
 *
 * <p>Subclasses carry their context (file, offset, line) in fields and in the message. A plain
 * {@code ImageBuildException} is an I/O or internal failure (exit code 3).
 */
public class ImageBuildException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, where, and what was expected
   */
  public ImageBuildException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, where, and what was expected
   * @param cause the underlying failure
   */
  public ImageBuildException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * @return the process exit code the CLI uses for this failure
   */
  public int exitCode() {
    return ExitCode.IO_ERROR;
  }
}
