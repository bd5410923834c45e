package dev.mkddi.inspect;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code mkddi verify}'s checklist. Immutable and thread-safe.
 *
 * @param name what was checked: {@code gpt}, {@code partition-uuids}, {@code partition-types},
 *     {@code root-hash}, {@code verity}, {@code signature}, {@code signature-file}
 * @param designator the verity slot the check concerns ({@code root} or {@code usr}), or null for
 *     checks of the whole disk
 * @param status the outcome
 * @param message one line: what was found, or the problem with its location
 */
public record VerifyCheck(
    String name, @Nullable String designator, CheckStatus status, String message) {

  /** Checks for nulls. */
  public VerifyCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  static VerifyCheck ok(String name, @Nullable String designator, String message) {
    return new VerifyCheck(name, designator, CheckStatus.OK, message);
  }

  static VerifyCheck failed(String name, @Nullable String designator, String message) {
    return new VerifyCheck(name, designator, CheckStatus.FAILED, message);
  }

  static VerifyCheck skipped(String name, @Nullable String designator, String message) {
    return new VerifyCheck(name, designator, CheckStatus.SKIPPED, message);
  }

  /**
   * @return whether the check failed
   */
  public boolean failed() {
    return status == CheckStatus.FAILED;
  }
}
