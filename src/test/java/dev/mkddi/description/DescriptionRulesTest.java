package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DescriptionRulesTest {
  @ParameterizedTest
  @CsvSource({
    "1, SHA256, 4096",
    "2, SHA256, 4096",
    "128, SHA256, 4096",
    "129, SHA256, 4096",
    "256000, SHA256, 4096",
    "256000, SHA512, 4096",
    "256000, SHA1, 4096",
    "1000000, SHA256, 512",
    "16385, SHA256, 65536"
  })
  void testHashPartitionSize_sameAsVerityGeometry(long blocks, HashAlgorithm hash, int hashBlock)
      throws Exception {
    VerityParams p =
        new VerityParams(
            VerityHash.parse(hash.kernelName()),
            4096,
            hashBlock,
            VerityHashType.NORMAL,
            new byte[32],
            new UUID(1, 2),
            true,
            0,
            blocks);
    long geometry = VerityGeometry.of(p).hashDeviceSize();
    assertEquals(
        (geometry + 4095) / 4096 * 4096,
        DescriptionRules.hashPartitionSize(blocks, hash, 4096, hashBlock));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "quiet root=/dev/sda2 | root=/dev/sda2",
        "init=/bin/sh \"root=/x\" | \"root=/x\"",
        "roothash=ab | roothash=ab",
        "foo=\"a root=b\" quiet | ``",
        "root=\"/x\" | root=\"/x\"",
        "'root=/x' | 'root=/x'",
        "ro\"ot\"=/x | ro\"ot\"=/x",
        "\"roothash=ab\" | \"roothash=ab\"",
        "rootwait rootfstype=erofs root | ``",
        "`` | ``"
      })
  void testCheckCmdline_splitLikeKernelNextArg(String cmdline, String refused) {
    Findings findings = new Findings();
    XmlAttribute attr =
        new XmlAttribute("kernelcmdline", cmdline, new Location(Path.of("c.xml"), 3, 4));
    DescriptionRules.checkCmdline(cmdline, Optional.of(attr), findings);
    assertEquals(
        refused.isEmpty()
            ? List.of()
            : List.of("c.xml:3:4: <type kernelcmdline>: remove " + refused),
        findings.problems.stream()
            .map(d -> d.toString().replaceFirst(": mkddi adds.*", ""))
            .toList());
  }

  @Test
  void testCheckCmdline_unbalancedQuote_aProblemAsInBuild() {
    Findings findings = new Findings();
    String cmdline = "quiet a=\"x y";
    XmlAttribute attr =
        new XmlAttribute("kernelcmdline", cmdline, new Location(Path.of("c.xml"), 3, 4));
    DescriptionRules.checkCmdline(cmdline, Optional.of(attr), findings);
    assertEquals(
        List.of(
            "c.xml:3:4: <type kernelcmdline>: unbalanced '\"' in kernel command line: " + cmdline),
        findings.problems.stream().map(Diagnostic::toString).toList());
  }

  @ParameterizedTest
  @CsvSource({
    // 2 MiB of GPT and alignment + a 10 MiB root holding its hash tree: no signature partition
    "IN_ROOT, 12, 0",
    "IN_ROOT, 11, 1",
    // + a 1 MiB verity partition + the 16 KiB signature partition
    "PARTITION, 13, 1",
    "PARTITION, 14, 0"
  })
  void testCheckFits_countsThePartitionsTheLayoutHas(
      VerityLayout layout, long diskMib, int problems) {
    SignatureSpec signed =
        new SignatureSpec(false, Optional.of("k.key"), Optional.of(Path.of("k.crt")), false);
    VeritySpec verity =
        new VeritySpec(
            layout,
            false,
            OptionalLong.empty(),
            HashAlgorithm.SHA256,
            4096,
            4096,
            layout == VerityLayout.PARTITION ? OptionalLong.of(Sizes.MIB) : OptionalLong.empty(),
            signed);
    DiskSpec disk =
        new DiskSpec(
            RootFilesystemSpec.EROFS,
            Firmware.NONE,
            DiskSpec.DEFAULT_EFI_PARTITION_SIZE,
            "",
            "ROOT",
            512,
            verity,
            1,
            OptionalLong.of(10 * Sizes.MIB),
            Optional.empty(),
            Optional.of(new DiskSize(diskMib * Sizes.MIB, false)),
            List.of(),
            UpdateSpec.none(),
            Optional.empty());
    Findings findings = new Findings();
    DiskLayout l = DiskLayout.of(disk, "n", "1", Architecture.X86_64);
    DescriptionRules.checkFits(l, disk, new Location(Path.of("c.xml"), 1, 1), findings);
    assertEquals(problems, findings.problems.size(), findings.problems.toString());
  }
}
