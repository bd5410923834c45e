package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.io.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescribeCommandTest {
  @TempDir Path tmp;

  @Test
  void testDescribe_minimal_printsPlan() {
    CliRun r = new CliRun("describe", "examples/minimal", "--target-arch", "x86_64");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    String out = r.out.toString();
    assertTrue(out.contains("image        minimal.x86_64-1.0.0.raw\n"), out);
    assertTrue(out.contains("root-x86-64-verity"), out);
    assertTrue(out.contains("roothash=<root hash> console=ttyS0"), out);
    assertTrue(out.contains("overlay directory  examples/minimal/root"), out);
    assertEquals("", r.err.toString());
  }

  @Test
  void testDescribe_json_aarch64() throws Exception {
    CliRun r = new CliRun("describe", "examples/ab-update", "--json", "--target-arch", "arm64");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    JsonNode j = new ObjectMapper().readTree(r.out.toString());
    assertEquals("abimage.aarch64-2.1.0.raw", j.get("image").asText());
    assertEquals("root-arm64-verity", j.get("partitions").get(1).get("designator").asText());
    assertEquals("_empty", j.get("partitions").get(2).get("label").asText());
    assertEquals(2, j.get("updateSlots").asInt());
  }

  @Test
  void testDescribe_malformed_oneLineExit2NoStackTrace() throws Exception {
    Files.writeString(
        tmp.resolve("config.xml"), "<image schemaversion=\"8.5\">\n<preferences>\n" + "</image>\n");
    CliRun r = new CliRun("describe", tmp.toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi: "
            + tmp.resolve("config.xml")
            + ":3:1: malformed XML: Unexpected close"
            + " tag </image>; expected </preferences>.\n",
        r.err.toString());
    assertEquals("", r.out.toString());
  }

  @Test
  void testDescribe_problems_planPrintedExit2() throws Exception {
    CliRun r =
        new CliRun("describe", "src/test/resources/dev/mkddi/description/signature-no-key-fail");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(
        r.out
            .toString()
            .contains(
                "problems\n"
                    + "  src/test/resources/dev/mkddi/description/"
                    + "signature-no-key-fail/config.xml:10:42:"
                    + " verity_signature_required=\"true\" needs a signing key"),
        r.out.toString());
    assertTrue(
        r.err.toString().startsWith("mkddi: 2 problems; mkddi build would refuse"),
        r.err.toString());
    assertFalse(r.err.toString().contains("\tat "));
  }

  @Test
  void testDescribe_strictAndProfiles() {
    CliRun strict = new CliRun("describe", "examples/kiwi-appliance", "--strict");
    assertEquals(ExitCode.INVALID_INPUT, strict.code);
    assertTrue(strict.err.toString().endsWith("(an error with --strict)\n"), strict.err.toString());
    CliRun profile =
        new CliRun(
            "describe",
            "src/test/resources/dev/mkddi/description/profiles",
            "--profile",
            "dev",
            "--target-arch",
            "x86_64");
    assertEquals(ExitCode.OK, profile.code, profile.err.toString());
    assertTrue(profile.out.toString().contains("profiles     dev, base\n"));
  }

  @Test
  void testDescribe_unknownArch_usageError() {
    CliRun r = new CliRun("describe", "examples/minimal", "--target-arch", "vax");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(
        r.err.toString().startsWith("mkddi: unknown architecture 'vax': expected one of"),
        r.err.toString());
  }
}
