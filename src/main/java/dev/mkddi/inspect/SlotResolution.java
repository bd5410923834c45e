package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionDesignator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SlotResolver} found for one designator (root or usr): the slot to verify, or why
 * there is none. Immutable and thread-safe.
 *
 * @param designator {@code ROOT} or {@code USR}
 * @param slot the slot, or null when {@code problem} is set
 * @param problem why there is no slot, or null
 * @param message the problem in one line, or null
 * @param notes what was skipped and why (empty A/B slots, other slots' signatures)
 * @param signatureProblems signature partitions that could not be read, one line each
 * @param others the other filled A/B slots of the designator (the ones a booted system falls back
 *     to), each with the root hash its PARTUUIDs and its signature state
 */
record SlotResolution(
    PartitionDesignator designator,
    @Nullable VeritySlot slot,
    @Nullable Problem problem,
    @Nullable String message,
    List<String> notes,
    List<String> signatureProblems,
    List<VeritySlot> others) {

  /** Why a designator has no slot. */
  enum Problem {
    /** No hash device: no {@code -verity} partition and no known hash offset. */
    NO_HASH_DEVICE,
    /** No source states a root hash, or several slots and nothing to choose one. */
    NO_ROOT_HASH,
    /** Sources disagree, or one is malformed. */
    CONFLICT
  }

  /** Checks the fields and copies the lists. */
  SlotResolution {
    Objects.requireNonNull(designator, "designator");
    if ((slot == null) == (problem == null) || (problem == null) != (message == null)) {
      throw new IllegalArgumentException("either a slot or a problem with its message");
    }
    notes = List.copyOf(notes);
    signatureProblems = List.copyOf(signatureProblems);
    others = List.copyOf(others);
  }
}
