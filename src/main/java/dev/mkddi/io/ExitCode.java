package dev.mkddi.io;

/** Process exit codes shared by every mkddi command. */
public final class ExitCode {
  /** Success. */
  public static final int OK = 0;

  /** A check failed: verification found a mismatch. */
  public static final int CHECK_FAILED = 1;

  /** Bad usage or invalid input (description, archive, options, on-disk structures). */
  public static final int INVALID_INPUT = 2;

  /** I/O failure (unreadable or unwritable file, disk full) or internal error. */
  public static final int IO_ERROR = 3;

  private ExitCode() {}
}
