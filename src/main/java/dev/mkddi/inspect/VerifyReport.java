package dev.mkddi.inspect;

import dev.mkddi.sign.SignerTrust;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link ImageVerifier} checked in an image, in order. Immutable and thread-safe.
 *
 * @param image the image as the user named it
 * @param warnings problems that did not stop the reading (the backup GPT was used, …) and what the
 *     consumers ignore (an unknown key in the signature JSON, a failure with {@code strict})
 * @param checks the checks, in the order they ran
 * @param slots the verity slots that were verified
 * @param notes what was skipped and why (empty A/B slots, signatures of other slots)
 * @param trust what the signatures prove when every slot's signature verified: the pinned
 *     certificate signed them, or only their embedded certificates did; empty when a slot is
 *     unsigned or a signature failed
 */
public record VerifyReport(
    String image,
    List<String> warnings,
    List<VerifyCheck> checks,
    List<VeritySlot> slots,
    List<String> notes,
    Optional<SignerTrust> trust) {

  /** Checks the fields and copies the lists. */
  public VerifyReport {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(trust, "trust");
    warnings = List.copyOf(warnings);
    checks = List.copyOf(checks);
    slots = List.copyOf(slots);
    notes = List.copyOf(notes);
  }

  /**
   * @return whether no check failed
   */
  public boolean ok() {
    return firstProblem().isEmpty();
  }

  /**
   * @return the first check that failed, or empty
   */
  public Optional<VerifyCheck> firstProblem() {
    return checks.stream().filter(VerifyCheck::failed).findFirst();
  }
}
