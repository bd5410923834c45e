package dev.mkddi.cli;

import dev.mkddi.inspect.RootHashClaim;
import dev.mkddi.inspect.VerifyCheck;
import dev.mkddi.inspect.VerifyReport;
import dev.mkddi.inspect.VeritySlot;
import dev.mkddi.sidecar.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
          "signature-file", "signature file");

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
   * @param r the report
   * @return the JSON object, with a final newline
   */
  static String json(VerifyReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", r.image());
    m.put("ok", r.ok());
    m.put("problem", r.firstProblem().map(c -> label(c) + ": " + c.message()).orElse(null));
    m.put(
        "trust",
        r.trust()
            .map(
                t ->
                    switch (t) {
                      case PINNED_CERTIFICATE -> "pinned-certificate";
                      case EMBEDDED_CERTIFICATE_ONLY -> "embedded-certificate-only";
                      case SIGNATURE_UNCHECKED -> "signature-unchecked";
                    })
            .orElse(null));
    List<Object> checks = new ArrayList<>();
    for (VerifyCheck c : r.checks()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("check", c.name());
      o.put("designator", c.designator());
      o.put("status", c.status().jsonName());
      o.put("message", c.message());
      checks.add(o);
    }
    m.put("checks", checks);
    List<Object> slots = new ArrayList<>();
    for (VeritySlot s : r.slots()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("designator", s.designator().designatorName());
      o.put("rootHash", s.rootHash());
      o.put("rootHashSources", s.sources().stream().map(RootHashClaim::origin).toList());
      o.put("dataPartition", s.data().number());
      o.put("hashPartition", s.hash().number());
      o.put("hashOffset", s.hashOffset());
      o.put("signaturePartition", s.signature() == null ? null : s.signature().number());
      slots.add(o);
    }
    m.put("slots", slots);
    m.put("warnings", r.warnings());
    m.put("notes", r.notes());
    return new String(Json.encode(m), StandardCharsets.UTF_8);
  }
}
