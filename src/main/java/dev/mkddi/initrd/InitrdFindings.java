package dev.mkddi.initrd;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@link InitrdCheck}: every requirement with its finding. Immutable, thread-safe.
 *
 * @param findings one per requirement, in the order the boot needs them
 */
public record InitrdFindings(List<InitrdFinding> findings) {
  /** Copies the list. */
  public InitrdFindings {
    findings = List.copyOf(findings);
  }

  /**
   * @return whether every requirement is met
   */
  public boolean ok() {
    return findings.stream().allMatch(InitrdFinding::met);
  }

  /**
   * @return the first requirement that is not met
   */
  public Optional<InitrdFinding> firstMissing() {
    return findings.stream().filter(f -> !f.met()).findFirst();
  }
}
