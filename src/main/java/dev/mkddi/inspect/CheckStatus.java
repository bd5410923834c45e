package dev.mkddi.inspect;

import java.util.Locale;

/** The outcome of one {@link VerifyCheck}. */
public enum CheckStatus {
  /** The check passed. */
  OK,
  /** The check found a problem: the image is bad. */
  FAILED,
  /** The check did not apply or could not run (the reason is in the message). */
  SKIPPED;

  /**
   * @return the name in {@code mkddi verify --json}: {@code ok}, {@code failed}, {@code skipped}
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
