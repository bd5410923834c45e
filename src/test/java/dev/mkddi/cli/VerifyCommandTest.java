package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.builder.TestImages;
import dev.mkddi.builder.TestImages.Kind;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.inspect.ImageInspector;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.RecordingListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  private static final long MIB = 1 << 20;

  @TempDir static Path shared;
  private static final Map<Kind, Path> BUILT = new EnumMap<>(Kind.class);

  @TempDir Path dir;

  @BeforeAll
  static void buildImages() throws IOException {
    for (Kind k : List.of(Kind.UNSIGNED, Kind.SIGNED, Kind.IN_ROOT)) {
      BUILT.put(k, TestImages.build(shared.resolve(k.name()), k));
    }
  }

  private Path image(Kind k) throws IOException {
    return TestImages.copy(BUILT.get(k), dir);
  }

  private static String rootHash(Path image) throws IOException {
    return Files.readString(image.resolveSibling("t.x86_64-1.0.roothash"));
  }

  @Test
  void testVerify_goodImagePrintsChecklistExit0() throws Exception {
    Path img = image(Kind.SIGNED);
    CliRun r = new CliRun("verify", img);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals("", r.err.toString());
    List<String> lines = r.out.toString().lines().toList();
    assertEquals("Image: " + img, lines.get(0));
    assertEquals("  ok      GPT: 3 partitions, 512-byte sectors, CRCs valid", lines.get(1));
    assertEquals("  ok      PARTUUIDs: all 3 differ", lines.get(2));
    assertTrue(
        lines
            .get(5)
            .matches(
                "  ok      dm-verity \\(root\\): partition 1 \\(root-x86-64\\): [0-9]+ data"
                    + " blocks checked against the hash tree in partition 2 .*"),
        lines.get(5));
    assertTrue(lines.get(6).startsWith("  ok      signature (root): the signature in partition 3"));
    assertEquals(
        "Verified: the image is intact. Its signature was checked only against the certificate"
            + " embedded in it: this proves integrity, not trust (give --certificate to pin the"
            + " signer).",
        lines.get(lines.size() - 1));
  }

  @Test
  void testVerify_flippedByteExit1WithOneLine() throws Exception {
    Path img = image(Kind.UNSIGNED);
    TestImages.flip(img, MIB + 2 * 4096);
    CliRun r = new CliRun("verify", img);
    assertEquals(ExitCode.CHECK_FAILED, r.code);
    assertEquals(
        "mkddi: "
            + img
            + ": dm-verity (root): partition 1 (root-x86-64): data block 2 (byte 8192 of the data"
            + " device) does not match its hash (level 0, block 0, entry 2) (image byte "
            + (MIB + 8192)
            + ")\n",
        r.err.toString());
    assertTrue(r.out.toString().contains("\n  FAILED  dm-verity (root): partition 1"));
    assertTrue(r.out.toString().endsWith("FAILED: 1 of 7 checks failed.\n"), r.out.toString());
  }

  @Test
  void testVerify_jsonHasEveryCheck() throws Exception {
    Path img = image(Kind.SIGNED);
    CliRun r =
        new CliRun(
            "verify",
            "--json",
            "--certificate",
            TestImages.signFixture("test-only-rsa.crt"),
            "--root-hash",
            rootHash(img).toUpperCase(),
            img);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    JsonNode j = new ObjectMapper().readTree(r.out.toString());
    assertTrue(j.get("ok").asBoolean());
    assertTrue(j.get("problem").isNull());
    assertEquals("pinned-certificate", j.get("trust").asText());
    JsonNode checks = j.get("checks");
    assertEquals(8, checks.size());
    assertEquals("verity", checks.get(4).get("check").asText());
    assertEquals("root", checks.get(4).get("designator").asText());
    assertEquals("ok", checks.get(4).get("status").asText());
    JsonNode slot = j.get("slots").get(0);
    assertEquals(rootHash(img), slot.get("rootHash").asText());
    assertEquals("--root-hash", slot.get("rootHashSources").get(0).asText());
    assertEquals(3, slot.get("signaturePartition").asInt());
  }

  @Test
  void testVerify_jsonOnFailureNamesProblemAndExits1() throws Exception {
    Path img = image(Kind.UNSIGNED);
    CliRun r = new CliRun("verify", "--json", "--root-hash", "00".repeat(32), img);
    assertEquals(ExitCode.CHECK_FAILED, r.code);
    JsonNode j = new ObjectMapper().readTree(r.out.toString());
    assertFalse(j.get("ok").asBoolean());
    assertTrue(j.get("problem").asText().startsWith("root hash (root): root hash mismatch: "));
    assertEquals("failed", j.get("checks").get(3).get("status").asText());
    assertEquals(1, r.err.toString().lines().count());
  }

  @Test
  void testVerify_unknownSignatureKeyWarnsAndFailsWithStrict() throws Exception {
    Path img = image(Kind.SIGNED);
    long sig;
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      var t = dev.mkddi.gpt.GptReader.read(ch, "t").table();
      sig = t.partitions().get(2).offset(t.sectorSize());
    }
    byte[] head = new byte[4096];
    try (FileChannel ch =
        FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.read(java.nio.ByteBuffer.wrap(head), sig);
      String json = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
      int key = json.indexOf("\"certificateFingerprint\"");
      assertTrue(key > 0, json);
      // misspelt: one letter less, the JSON stays valid and NUL-padded
      String bad = json.replace("certificateFingerprint", "certificateFingerprnt") + "\0";
      ch.write(
          java.nio.ByteBuffer.wrap(bad.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
          sig);
      String line =
          img
              + ": offset "
              + (sig + key)
              + ": signature partition JSON in partition 3 (root-x86-64-verity-sig): unknown key"
              + " 'certificateFingerprnt' (systemd-dissect ignores it; verify --strict refuses it)";
      CliRun lenient = new CliRun("verify", img);
      assertEquals(ExitCode.OK, lenient.code, lenient.err.toString());
      assertTrue(
          lenient.out.toString().contains("  warning " + line + "\n"), lenient.out.toString());
      CliRun strict = new CliRun("verify", "--strict", img);
      assertEquals(ExitCode.CHECK_FAILED, strict.code, strict.out.toString());
      assertEquals("mkddi: signature (root): " + line + "\n", strict.err.toString());
      RecordingListener warnings = new RecordingListener();
      ImageInspector.standard().inspect(img, warnings);
      assertEquals(List.of(line), warnings.warnings());
    }
  }

  @Test
  void testVerify_secureBootCertificateWithoutEsp_exit1MissingFileExit2() throws Exception {
    Path img = image(Kind.SIGNED);
    CliRun r =
        new CliRun(
            "verify",
            "--secure-boot-certificate",
            TestImages.signFixture("test-only-rsa.crt"),
            img);
    assertEquals(ExitCode.CHECK_FAILED, r.code, r.out.toString());
    assertEquals(
        "mkddi: "
            + img
            + ": Secure Boot: a Secure Boot certificate was given, but the image has no EFI system"
            + " partition\n",
        r.err.toString());
    CliRun missing = new CliRun("verify", "--secure-boot-certificate", dir.resolve("no.crt"), img);
    assertEquals(ExitCode.INVALID_INPUT, missing.code);
    assertEquals(
        "mkddi: --secure-boot-certificate " + dir.resolve("no.crt") + ": no such file\n",
        missing.err.toString());
  }

  @Test
  void testVerify_badInputExit2() throws Exception {
    Path zeros = dir.resolve("zeros.raw");
    Files.write(zeros, new byte[65536]);
    CliRun r = new CliRun("verify", zeros);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().startsWith("mkddi: " + zeros + ": offset 512: GPT header"));
    assertEquals("", r.out.toString());
    Path img = image(Kind.UNSIGNED);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("verify", dir.resolve("none.raw")).code);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("verify", dir).code);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("verify", "--root-hash", "xyz", img).code);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("verify", "--root-hash", "abcd", img).code);
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("verify", "--hash-offset", "100", img).code);
    CliRun cert = new CliRun("verify", "--certificate", dir.resolve("no.crt"), img);
    assertEquals(ExitCode.INVALID_INPUT, cert.code);
    assertEquals(
        "mkddi: --certificate " + dir.resolve("no.crt") + ": no such file\n", cert.err.toString());
    Files.writeString(dir.resolve("bad.crt"), "not a certificate");
    assertEquals(
        ExitCode.INVALID_INPUT,
        new CliRun("verify", "--certificate", dir.resolve("bad.crt"), img).code);
  }

  @Test
  void testCmdline_roothashOfDdi() throws Exception {
    Path img = image(Kind.SIGNED);
    String hash = rootHash(img);
    Files.delete(img.resolveSibling("t.x86_64-1.0.roothash")); // from the signature and UUIDs
    CliRun r = new CliRun("cmdline", img);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals("roothash=" + hash + "\n", r.out.toString());
  }

  @Test
  void testCmdline_inRootNamesDevicesAndOffset() throws Exception {
    Path img = image(Kind.IN_ROOT);
    String line = Files.readString(img.resolveSibling("t.x86_64-1.0.cmdline")).strip();
    CliRun r = new CliRun("cmdline", img);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(line, r.out.toString().strip()); // the description adds nothing here
    assertTrue(line.contains("systemd.verity_root_options=hash-offset="), line);
  }

  @Test
  void testCmdline_conflictExit1NoRootHashExit2() throws Exception {
    Path img = image(Kind.UNSIGNED);
    Files.writeString(img.resolveSibling("t.x86_64-1.0.roothash"), "ab".repeat(32));
    CliRun r = new CliRun("cmdline", img);
    assertEquals(ExitCode.CHECK_FAILED, r.code);
    assertTrue(
        r.err.toString().startsWith("mkddi: " + img + ": root hash mismatch: the PARTUUIDs"));
    Path plain = disk("plain.raw", PartitionDesignator.LINUX_GENERIC);
    CliRun none = new CliRun("cmdline", plain);
    assertEquals(ExitCode.INVALID_INPUT, none.code);
    assertEquals(
        "mkddi: "
            + plain
            + ": no root hash: no root or usr partition with a Discoverable Partitions type\n",
        none.err.toString());
    Path inRoot = image(Kind.IN_ROOT);
    Files.delete(inRoot.resolveSibling("t.x86_64-1.0.json"));
    CliRun noOffset = new CliRun("cmdline", inRoot);
    assertEquals(ExitCode.INVALID_INPUT, noOffset.code);
    assertTrue(noOffset.err.toString().endsWith("give --hash-offset\n"), noOffset.err.toString());
  }

  @Test
  void testCmdline_usrVerityGivesUsrhash() throws Exception {
    Path img = disk("usr.raw", PartitionDesignator.USR, PartitionDesignator.USR_VERITY);
    CliRun r = new CliRun("cmdline", img);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(
        "usrhash=a3b50c16cc3830559dd953cc0f5179d14d59c1fe7e0d48e6e8e84d71883d92ce\n",
        r.out.toString());
  }

  /** A disk of 1 MiB partitions; a data/verity pair gets PARTUUIDs that spell a root hash. */
  private Path disk(String name, PartitionDesignator... types) throws IOException {
    List<UUID> uuids =
        List.of(
            UUID.fromString("a3b50c16-cc38-3055-9dd9-53cc0f5179d1"),
            UUID.fromString("4d59c1fe-7e0d-48e6-e8e8-4d71883d92ce"));
    GptLayout l = GptLayout.plan(512, 4096, java.util.Collections.nCopies(types.length, MIB));
    List<dev.mkddi.gpt.GptPartition> parts = new java.util.ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      Architecture a = types[i].isArchitectureSpecific() ? Architecture.X86_64 : null;
      parts.add(
          l.partition(i, PartitionTypes.lookup(types[i], a).guid(), uuids.get(i), 0, "p" + i));
    }
    Path p = dir.resolve(name);
    try (FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      GptWriter.write(ch, l.table(UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd"), parts));
    }
    return p;
  }
}
