package dev.mkddi.cli;

import dev.mkddi.inspect.InspectedPartition;
import dev.mkddi.inspect.RootHashClaim;
import dev.mkddi.inspect.VerifyCheck;
import dev.mkddi.inspect.VerifyReport;
import dev.mkddi.inspect.VeritySlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link VerifyReport} as {@code mkddi verify}'s checklist (plain ASCII words {@code ok},
 * {@code FAILED}, {@code skipped}, so it reads the same in any locale) or as one JSON object.
 * Stateless.
 */
final class VerifyOutput {
  private static final int STATUS_WIDTH = 8;
  private static final Map<String, String> LABELS =
      Map.of(
          "gpt", "GPT",
          "partition-uuids", "PARTUUIDs",
          "partition-types", "partition types",
          "root-hash", "root hash",
          "verity", "dm-verity",
          "signature", "signature",
          "signature-file", "signature file",
          "secure-boot", "Secure Boot",
          "filesystem", "file system");

  private VerifyOutput() {}

  /**
   * @param c a check
   * @return its label in words, with the slot: {@code dm-verity (root)}
   */
  static String label(VerifyCheck c) {
    String l = LABELS.getOrDefault(c.name(), c.name());
    return c.designator() == null ? l : l + " (" + c.designator() + ")";
  }

  /**
   * @param r the report
   * @return the checklist and a verdict, lines ending in newlines
   */
  static String text(VerifyReport r) {
    StringBuilder sb = new StringBuilder("Image: ").append(r.image()).append('\n');
    for (String w : r.warnings()) {
      line(sb, "warning", w);
    }
    for (VerifyCheck c : r.checks()) {
      String status =
          c.status() == dev.mkddi.inspect.CheckStatus.FAILED ? "FAILED" : c.status().jsonName();
      line(sb, status, label(c) + ": " + c.message());
    }
    for (String n : r.notes()) {
      line(sb, "note", n);
    }
    return sb.append(verdict(r)).append('\n').toString();
  }

  private static void line(StringBuilder sb, String status, String text) {
    sb.append("  ").append(status).append(" ".repeat(Math.max(1, STATUS_WIDTH - status.length())));
    sb.append(text).append('\n');
  }

  /**
   * @param r the report
   * @return one paragraph: passed or failed, and what a pass proves
   */
  static String verdict(VerifyReport r) {
    long failed = r.checks().stream().filter(VerifyCheck::failed).count();
    if (failed > 0) {
      return "FAILED: " + failed + " of " + r.checks().size() + " checks failed.";
    }
    if (r.trust().isPresent()) {
      return switch (r.trust().get()) {
        case PINNED_CERTIFICATE ->
            "Verified: the image is intact and its root hash is signed by the given certificate.";
        case EMBEDDED_CERTIFICATE_ONLY ->
            "Verified: the image is intact. Its signature was checked only against the"
                + " certificate embedded in it: this proves integrity, not trust (give"
                + " --certificate to pin the signer).";
        case SIGNATURE_UNCHECKED ->
            "Verified: the image is intact against the root hash it carries. It is signed, but"
                + " the signature holds no certificate and was not checked: give --certificate"
                + " to check it.";
      };
    }
    boolean given =
        r.slots().stream()
            .flatMap(s -> s.sources().stream())
            .anyMatch(c -> c.origin().equals("--root-hash"));
    return given
        ? "Verified: the image is intact and matches the given root hash."
        : "Verified: the image is intact against the root hash it carries. It is unsigned: this"
            + " proves integrity, not trust (compare the root hash with a trusted one:"
            + " --root-hash).";
  }

  /**
   * The {@code verify --json} object.
   *
   * @param image the image as the user named it
   * @param ok whether every check passed
   * @param problem the first failed check, or null
   * @param trust what the signatures prove, or null
   * @param checks the checks in order
   * @param slots the verified slots
   * @param warnings problems that did not stop the reading, one line each
   * @param notes what was skipped and why
   */
  record Json(
      String image,
      boolean ok,
      @Nullable String problem,
      @Nullable String trust,
      List<CheckJson> checks,
      List<SlotJson> slots,
      List<String> warnings,
      List<String> notes) {}

  /**
   * One check.
   *
   * @param check what was checked
   * @param designator the slot, or null for the whole disk
   * @param status {@code ok}, {@code failed} or {@code skipped}
   * @param message what was found
   */
  record CheckJson(String check, @Nullable String designator, String status, String message) {}

  /**
   * One verified slot.
   *
   * @param designator {@code root} or {@code usr}
   * @param rootHash the root hash
   * @param rootHashSources where it was stated, most trusted first
   * @param dataPartition the data partition's number
   * @param hashPartition the hash partition's number
   * @param hashOffset where the hash tree starts in it
   * @param signaturePartition the signature partition's number, or null
   */
  record SlotJson(
      String designator,
      String rootHash,
      List<String> rootHashSources,
      int dataPartition,
      int hashPartition,
      long hashOffset,
      @Nullable Integer signaturePartition) {}

  /**
   * @param r the report
   * @return the JSON object, with a final newline
   */
  static String json(VerifyReport r) {
    List<CheckJson> checks = new ArrayList<>();
    for (VerifyCheck c : r.checks()) {
      checks.add(new CheckJson(c.name(), c.designator(), c.status().jsonName(), c.message()));
    }
    List<SlotJson> slots = new ArrayList<>();
    for (VeritySlot s : r.slots()) {
      InspectedPartition sig = s.signature();
      slots.add(
          new SlotJson(
              s.designator().designatorName(),
              s.rootHash(),
              s.sources().stream().map(RootHashClaim::origin).toList(),
              s.data().number(),
              s.hash().number(),
              s.hashOffset(),
              sig == null ? null : sig.number()));
    }
    Json json =
        new Json(
            r.image(),
            r.ok(),
            r.firstProblem().map(c -> label(c) + ": " + c.message()).orElse(null),
            r.trust()
                .map(
                    t ->
                        switch (t) {
                          case PINNED_CERTIFICATE -> "pinned-certificate";
                          case EMBEDDED_CERTIFICATE_ONLY -> "embedded-certificate-only";
                          case SIGNATURE_UNCHECKED -> "signature-unchecked";
                        })
                .orElse(null),
            checks,
            slots,
            r.warnings(),
            r.notes());
    return dev.mkddi.sidecar.Json.text(json);
  }
}
