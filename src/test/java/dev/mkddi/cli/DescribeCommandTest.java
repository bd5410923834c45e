package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.builder.TestImages;
import dev.mkddi.initrd.CpioArchive;
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
  void testDescribe_abUpdates_filesSourceAndTries() throws Exception {
    Path d =
        dev.mkddi.builder.TestImages.description(
            tmp.resolve("ab"),
            "verity_partition=\"true\" update_slots=\"2\" update_slot_size=\"8\""
                + " update_source=\"https://example.org/u\" update_compression=\"xz\""
                + " update_tries=\"2\"");
    CliRun r = new CliRun("describe", d.toString(), "--target-arch", "x86_64");
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(
        r.out
            .toString()
            .contains(
                "updates      t_@v_@u.root.raw.xz t_@v_@u.verity.raw.xz SHA256SUMS, with"
                    + " --update-artifacts; fetched from https://example.org/u (.transfer files)\n"),
        r.out.toString());
    CliRun j = new CliRun("describe", d.toString(), "--json", "--target-arch", "x86_64");
    JsonNode u = new ObjectMapper().readTree(j.out.toString()).get("update");
    assertEquals("https://example.org/u", u.get("source").asText());
    assertEquals(3, u.get("files").size());
    CliRun plain = new CliRun("describe", "examples/ab-update", "--json");
    assertFalse(plain.out.toString().contains("\"update\""), plain.out.toString());
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

  @Test
  void testDescribe_initrdNamedOnTheHostIsChecked() throws Exception {
    Path d = tmp.resolve("d");
    TestImages.description(
        d,
        "verity_partition=\"true\" firmware=\"efi\"",
        "<bootloader name=\"systemd_boot\"><uki initrd=\"initrd.img\"/></bootloader>");
    // dm-verity and erofs, no systemd-veritysetup-generator; no modules.builtin
    Files.write(
        d.resolve("initrd.img"),
        new CpioArchive().file("lib/modules/6.1/kernel/drivers/md/dm-verity.ko", "ko").finish());
    CliRun r = new CliRun("describe", d, "--target-arch", "x86_64");
    assertEquals(ExitCode.INVALID_INPUT, r.code, r.err.toString());
    assertEquals(
        "mkddi: 1 problem; mkddi build would refuse this description. First: "
            + d.resolve("config.xml")
            + ": initrd "
            + d.resolve("initrd.img")
            + " cannot open this image's root (erofs on dm-verity, from roothash=): no"
            + " /usr/lib/systemd/system-generators/systemd-veritysetup-generator. To fix:"
            + " add_dracutmodules+=\" systemd-veritysetup \" (dracut); or build with"
            + " --no-initrd-check",
        r.errLine());
    assertEquals(
        ExitCode.OK,
        new CliRun("describe", d, "--target-arch", "x86_64", "--no-initrd-check").code);

    // the generator added: without the kernel's modules.builtin a missing erofs module may be
    // built in, so describe does not refuse it (build, which has the tree, does)
    Files.write(
        d.resolve("initrd.img"),
        new CpioArchive()
            .file("usr/lib/systemd/system-generators/systemd-veritysetup-generator", "elf")
            .file("usr/lib/systemd/systemd-veritysetup", "elf")
            .finish());
    CliRun ok = new CliRun("describe", d, "--target-arch", "x86_64");
    assertEquals(ExitCode.OK, ok.code, ok.err.toString());
  }
}
