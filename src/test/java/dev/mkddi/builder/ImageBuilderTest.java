package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.erofs.ErofsReader;
import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VeritySuperblock;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageBuilderTest {
  private static final String VERITY = "verity_partition=\"true\" kernelcmdline=\"console=ttyS0\"";

  @TempDir Path dir;
  private final TestImages images = new TestImages();

  @Test
  void testBuild_ddiLayoutUuidsAndSideFiles() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), VERITY);
    BuildResult r = images.build(desc, dir.resolve("out"));

    Path img = dir.resolve("out/t.x86_64-1.0.raw");
    assertEquals(img, r.image());
    String hex = Files.readString(dir.resolve("out/t.x86_64-1.0.roothash"));
    assertTrue(hex.matches("[0-9a-f]{64}"), hex);
    assertEquals(r.rootHash(), hex);
    assertEquals(
        "roothash=" + hex + " console=ttyS0\n",
        Files.readString(dir.resolve("out/t.x86_64-1.0.cmdline")));
    assertTrue(Files.exists(dir.resolve("out/t.x86_64-1.0.json")));

    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      GptTable t = GptReader.read(ch, img.toString()).table();
      assertEquals(new SeedDerivation(TestImages.SEED).diskGuid(), t.diskGuid());
      List<GptPartition> p = t.partitions();
      assertEquals(2, p.size());
      assertEquals("root-x86-64", p.get(0).name());
      assertEquals("root-x86-64-verity", p.get(1).name());
      assertEquals(1L << 20, p.get(0).offset(512));
      byte[] rh = Hex.decode("root hash", hex);
      assertEquals(VerityUuids.dataPartitionUuid(rh), p.get(0).uniqueGuid());
      assertEquals(VerityUuids.hashPartitionUuid(rh), p.get(1).uniqueGuid());
      for (GptPartition part : p) {
        assertTrue(GptAttribute.READ_ONLY.isSet(part.attributes()));
        assertEquals(0, part.offset(512) % 4096);
      }
      VeritySuperblock sb = VeritySuperblock.read(ch, p.get(1).offset(512), img.toString());
      assertArrayEquals(new SeedDerivation(TestImages.SEED).veritySalt(), sb.toParams(0).salt());
      assertEquals(p.get(0).size(512) / 4096, sb.toParams(0).dataBlocks());
      assertTrue(
          VerityHashTree.verify(
                  ch,
                  p.get(0).offset(512),
                  ch,
                  p.get(1).offset(512),
                  sb.toParams(0),
                  rh,
                  images.listener)
              .ok());
      ErofsReader fs = ErofsReader.open(ch, p.get(0).offset(512), img.toString());
      ErofsReader.Inode host = fs.lookup("/etc/hostname");
      assertEquals("test\n", new String(fs.read(host, 0, 5), StandardCharsets.UTF_8));
    }
    assertEquals(List.of(), images.listener.warnings());
  }

  @Test
  void testBuild_rebuildIsBitIdentical_whateverTheSourceOrder() throws Exception {
    Path a = TestImages.description(dir.resolve("a"), VERITY);
    Path b = TestImages.description(dir.resolve("b"), VERITY);
    // create b's files in the opposite order, with other mtimes: the epoch clamps them
    for (int i = 0; i < 20; i++) {
      Files.writeString(a.resolve("root/f" + i), "x" + i);
      Files.writeString(b.resolve("root/f" + (19 - i)), "x" + (19 - i));
    }
    Optional<Instant> epoch = Optional.of(Instant.ofEpochSecond(1_600_000_000));
    images.build(a, dir.resolve("o1"), epoch, false);
    images.build(b, dir.resolve("o2"), epoch, false);
    for (String ext : List.of("raw", "roothash", "cmdline")) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("o1/t.x86_64-1.0." + ext)),
          Files.readAllBytes(dir.resolve("o2/t.x86_64-1.0." + ext)),
          ext);
    }
  }

  @Test
  void testBuild_abSlots_emptyLabelsSeedUuidsNoAuto() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"), VERITY + " update_slots=\"2\" update_slot_size=\"8\"");
    images.build(desc, dir.resolve("out"));
    Path img = dir.resolve("out/t.x86_64-1.0.raw");
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      List<GptPartition> p = GptReader.read(ch, img.toString()).table().partitions();
      assertEquals(
          List.of("t_1.0", "t_1.0_verity", "_empty", "_empty"),
          p.stream().map(GptPartition::name).toList());
      assertEquals(8L << 20, p.get(0).size(512));
      assertEquals(p.get(0).size(512), p.get(2).size(512));
      assertEquals(p.get(1).size(512), p.get(3).size(512));
      SeedDerivation s = new SeedDerivation(TestImages.SEED);
      assertEquals(s.partitionUuid(p.get(2).typeGuid(), 1), p.get(2).uniqueGuid());
      assertEquals(s.partitionUuid(p.get(3).typeGuid(), 1), p.get(3).uniqueGuid());
      assertEquals(GptAttribute.NO_AUTO.mask(), p.get(2).attributes());
    }
  }

  @Test
  void testBuild_split_writesPartitionFiles() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), VERITY);
    BuildResult r = images.build(desc, dir.resolve("out"), Optional.empty(), true);
    Path root = dir.resolve("out/t.x86_64-1.0.root-x86-64.raw");
    Path verity = dir.resolve("out/t.x86_64-1.0.root-x86-64-verity.raw");
    assertTrue(r.files().containsAll(List.of(root, verity)), r.files().toString());
    assertEquals(4096, Files.size(verity));
  }

  @Test
  void testBuild_rootInKernelCmdline_refusedAndNothingLeft() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"), "verity_partition=\"true\" kernelcmdline=\"root=/dev/sda2\"");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(desc, dir.resolve("out")));
    assertTrue(
        e.getMessage()
            .endsWith(
                ":8:86: <type kernelcmdline>: remove root=/dev/sda2:"
                    + " mkddi adds roothash=<hash>, which makes the root /dev/mapper/root"),
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out")));
  }

  /** The kernel strips the quotes (next_arg): a quoted root= would bypass verity just as well. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        "`quiet root=/dev/vda2`#`root=/dev/vda2`",
        "`\"root=/dev/sda1\" quiet`#`\"root=/dev/sda1\"`"
      })
  void testBuild_rootInTreeCmdline_refusedAndNothingLeft(String cmdline, String word)
      throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), VERITY);
    Files.createDirectories(desc.resolve("root/etc/kernel"));
    Files.writeString(desc.resolve("root/etc/kernel/cmdline"), cmdline + "\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(desc, dir.resolve("out")));
    assertEquals(
        "root tree /etc/kernel/cmdline: '"
            + word
            + "' is not allowed: mkddi adds roothash=, which implies root=/dev/mapper/root",
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out")), "nothing left, not even the directory");
  }

  @Test
  void testBuild_tooSmallSlot_refusedBeforeWriting() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), VERITY + " update_slot_size=\"1\"");
    Files.write(desc.resolve("root/big"), new byte[3 << 20]);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(desc, dir.resolve("out")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "update_slot_size: 1048576 bytes is too small for the root file"
                    + " system, which needs "),
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out")), "nothing left, not even the directory");
  }
}
