package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.builder.TestImages;
import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.description.FileRef;
import dev.mkddi.description.HostTools;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.LoadOptions;
import dev.mkddi.description.RootSource;
import dev.mkddi.description.SignatureSpec;
import dev.mkddi.description.UkiSpec;
import dev.mkddi.initrd.CpioArchive;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.uki.TestPe;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * {@code describe} and {@code build} agree on every layout: for each description of the test corpus
 * (the description fixtures that load without problems, the examples, and the layouts below) the
 * partitions {@code describe --json} lists are the partitions {@code build --json} writes, with the
 * same designators and labels, and sizes that follow each size policy.
 */
class DescribeBuildAgreementTest {
  private static final Path FIXTURES = Path.of("src/test/resources/dev/mkddi/description");
  private static final Path SIGN_FIXTURES = Path.of("src/test/resources/dev/mkddi/sign");

  /** Layouts of the {@code <type>} rules: its attributes, and its children after a '|'. */
  private static final List<String> LAYOUTS =
      List.of(
          "verity_partition=\"true\"",
          "verity_partition=\"false\"",
          "verity_partition=\"true\" update_slots=\"2\"",
          "verity_partition=\"true\" update_slots=\"2\" update_slot_size=\"8\""
              + " veritypartsize=\"1\"",
          "verity_partition=\"false\" update_slots=\"2\" update_slot_size=\"8\"",
          "verity_partition=\"true\" firmware=\"efi\" efipartsize=\"3\"",
          "verity_partition=\"true\" update_slot_size=\"8\"|<size unit=\"M\">40</size>"
              + "<partitions><partition name=\"home\" size=\"3\" partition_name=\"home\"/>"
              + "<partition name=\"data\" size=\"1\"/></partitions>",
          "verity_partition=\"true\" target_blocksize=\"4096\"|<size additive=\"true\">2</size>",
          "verity_partition=\"true\" update_slots=\"2\" verity_signature_key=\"k.key\""
              + " verity_signature_certificate=\"k.crt\"",
          "embed_verity_metadata=\"true\" verity_signature_key=\"k.key\""
              + " verity_signature_certificate=\"k.crt\"",
          // kiwi's overlay root: read-only root + write partition (p.lxroot) at the end
          "filesystem=\"ext4\" overlayroot=\"true\" overlayroot_readonly_filesystem=\"erofs\"",
          "filesystem=\"xfs\" overlayroot=\"true\" overlayroot_readonly_filesystem=\"erofs\""
              + " overlayroot_readonly_partsize=\"8\" erofscompression=\"lz4hc\""
              + " firmware=\"efi\"|<size unit=\"M\">400</size>",
          "filesystem=\"btrfs\" overlayroot=\"true\"|<size unit=\"M\" additive=\"true\">10</size>",
          "overlayroot=\"true\" overlayroot_write_partition=\"false\" embed_verity_metadata=\"true\""
              + " verity_signature_key=\"k.key\" verity_signature_certificate=\"k.crt\"");

  @TempDir Path dir;

  static Stream<String> corpus() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(FIXTURES)) {
      s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith("-fail") && !n.endsWith("JazzerTestInputs"))
          .sorted()
          .forEach(n -> out.add("fixture " + n));
    }
    try (Stream<Path> s = Files.list(Path.of("examples"))) {
      s.filter(Files::isDirectory).sorted().forEach(p -> out.add("example " + p.getFileName()));
    }
    for (int i = 0; i < LAYOUTS.size(); i++) {
      out.add("layout " + i);
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void testDescribeAndBuild_samePartitionsLabelsAndSizes(String scenario) throws Exception {
    if (scenario.startsWith("layout ")) {
      // an overlay root's xfs or btrfs write partition is made by the host's mkfs
      HostTools tools = HostTools.fromPath(System.getenv("PATH"));
      for (String fs : List.of("xfs", "btrfs")) {
        assumeTrue(
            !LAYOUTS.get(Integer.parseInt(scenario.substring(7))).contains("\"" + fs + "\"")
                || tools.find("mkfs." + fs).isPresent(),
            scenario + " needs mkfs." + fs + " on the PATH");
      }
    }
    Path desc = prepare(scenario);
    CliRun describe = new CliRun("describe", desc, "--json", "--target-arch", "x86_64");
    CliRun build =
        new CliRun(
            "build", desc, "--json", "--target-arch", "x86_64", "--target-dir", dir.resolve("o"));
    if (scenario.startsWith("layout ")) {
      assertEquals(ExitCode.OK, describe.code, scenario + ": " + describe.err);
    }
    if (describe.code != ExitCode.OK) {
      // a description with problems: describe lists them, build refuses it with the first
      assertEquals(ExitCode.INVALID_INPUT, describe.code, describe.err.toString());
      assertEquals(ExitCode.INVALID_INPUT, build.code, build.err.toString());
      String first = describe.errLine().replaceFirst(".* First: ", "");
      assertTrue(build.errLine().startsWith("mkddi: " + first), build.err + " vs " + first);
      return;
    }
    assertEquals(ExitCode.OK, build.code, build.err.toString());
    ObjectMapper json = new ObjectMapper();
    JsonNode planned = json.readTree(describe.out.toString()).get("partitions");
    JsonNode built = json.readTree(build.out.toString()).get("partitions");
    assertEquals(planned.size(), built.size(), scenario + ": " + planned + " vs " + built);
    for (int i = 0; i < planned.size(); i++) {
      JsonNode p = planned.get(i);
      JsonNode b = built.get(i);
      String where = scenario + ", partition " + (i + 1) + ": " + p + " vs " + b;
      assertEquals(p.get("designator").asText(), b.get("type").asText(), where);
      assertEquals(p.get("label").asText(), b.get("label").asText(), where);
      long size = b.get("size").asLong();
      String policy = p.get("size").asText();
      if (policy.startsWith("fixed ")) {
        assertEquals((p.get("bytes").asLong() + 4095) / 4096 * 4096, size, where);
      } else if (policy.startsWith("at least ")) {
        assertTrue(size >= p.get("bytes").asLong(), where);
      } else if (policy.startsWith("rest of the disk")) {
        assertTrue(size >= p.get("bytes").asLong(), where);
        assertEquals(planned.size() - 1, i, where + ": the write partition is the last");
      } else if (policy.equals("same as slot A")) {
        long slotA = sameTypeFirst(built, b.get("type").asText());
        assertEquals(slotA, size, where);
      } else {
        assertTrue(size > 0 && size % 4096 == 0, where);
      }
    }
  }

  /** The size of the first partition of a type (slot A's). */
  private static long sameTypeFirst(JsonNode built, String type) {
    for (JsonNode b : built) {
      if (b.get("type").asText().equals(type)) {
        return b.get("size").asLong();
      }
    }
    throw new AssertionError("no " + type);
  }

  /** Copies or writes the scenario's description, with stand-in boot files when it boots. */
  private Path prepare(String scenario) throws Exception {
    String[] s = scenario.split(" ", 2);
    Path desc = dir.resolve("d");
    switch (s[0]) {
      case "fixture" -> copyTree(FIXTURES.resolve(s[1]), desc);
      case "example" -> copyTree(Path.of("examples").resolve(s[1]), desc);
      default -> write(desc, LAYOUTS.get(Integer.parseInt(s[1])));
    }
    ImageDescription d =
        DescriptionLoader.load(desc, LoadOptions.forArch("x86_64"), ProgressListener.NONE);
    SignatureSpec signing = d.disk().verity().signature();
    if (signing.key().isPresent() && Files.notExists(Path.of(signing.key().get()))) {
      Path key = Path.of(signing.key().get());
      Files.createDirectories(key.getParent());
      Files.copy(SIGN_FIXTURES.resolve("test-only-rsa.key"), key);
      Files.copy(SIGN_FIXTURES.resolve("test-only-rsa.crt"), signing.certificate().orElseThrow());
    }
    if (d.disk().bootloader().isPresent()) {
      addBootFiles(d, desc);
    }
    for (RootSource r : d.rootSources()) {
      if (r.role() == RootSource.Role.ARCHIVE
          && Files.exists(r.path())
          && Files.size(r.path()) < EMPTY_TAR) {
        emptyTar(r.path()); // the fixtures' archives are place holders
      }
    }
    return desc;
  }

  /** An empty tar archive: two zero blocks. */
  private static final int EMPTY_TAR = 1024;

  private static void emptyTar(Path p) throws IOException {
    try (OutputStream out =
        p.toString().endsWith(".xz")
            ? new XZOutputStream(Files.newOutputStream(p), new LZMA2Options())
            : Files.newOutputStream(p)) {
      out.write(new byte[EMPTY_TAR]);
    }
  }

  private static void write(Path desc, String layout) throws IOException {
    String[] type = (layout + "|").split("\\|", -1);
    TestImages.description(desc, type[0], type[1]);
    Files.copy(SIGN_FIXTURES.resolve("test-only-rsa.key"), desc.resolve("k.key"));
    Files.copy(SIGN_FIXTURES.resolve("test-only-rsa.crt"), desc.resolve("k.crt"));
  }

  /**
   * PE stand-ins for the kernel, systemd-stub and systemd-boot and an initrd that passes the check,
   * where the description looks.
   */
  private static void addBootFiles(ImageDescription d, Path desc) throws IOException {
    UkiSpec uki = d.disk().bootloader().orElseThrow().uki();
    Path modules =
        Files.createDirectories(
            desc.resolve("root/usr/lib/modules").resolve(uki.kernelVersion().orElse("6.1.0-t")));
    Files.write(modules.resolve("vmlinuz"), TestPe.kernel(0x3000, 0x8000));
    CpioArchive initrd = CpioArchive.verityInitrd();
    byte[] initrdBytes =
        (d.disk().overlay().isPresent() ? initrd.withKiwiOverlay() : initrd).finish();
    Files.write(modules.resolve("initrd"), initrdBytes);
    Path efi = Files.createDirectories(desc.resolve("root/usr/lib/systemd/boot/efi"));
    Files.write(efi.resolve("linuxx64.efi.stub"), TestPe.stub().build());
    Files.write(efi.resolve("systemd-bootx64.efi"), TestPe.kernel(0x1000, 0x2000));
    replace(uki.kernel(), desc, TestPe.kernel(0x3000, 0x8000));
    replace(uki.stub(), desc, TestPe.stub().build());
    replace(uki.initrd(), desc, initrdBytes);
  }

  private static void replace(Optional<FileRef> ref, Path desc, byte[] content) throws IOException {
    if (ref.isEmpty()) {
      return;
    }
    Path p =
        ref.get().origin() == FileRef.Origin.ROOT_TREE
            ? desc.resolve("root").resolve(ref.get().path().toString().substring(1))
            : ref.get().path();
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
