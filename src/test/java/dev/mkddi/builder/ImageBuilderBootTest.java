package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.initrd.CpioArchive;
import dev.mkddi.inspect.ImageVerifier;
import dev.mkddi.inspect.VerifyReport;
import dev.mkddi.inspect.VerifyRequest;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.AuthenticodeSignature;
import dev.mkddi.sign.AuthenticodeSigner;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.SigningKey;
import dev.mkddi.uki.PeSignatureReader;
import dev.mkddi.uki.PeSignatures;
import dev.mkddi.uki.PeSigner;
import dev.mkddi.uki.TestPe;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bootable images: ESP with systemd-boot and a UKI from boot files found in the root tree. */
class ImageBuilderBootTest {
  private static final String BOOTABLE =
      "verity_partition=\"true\" firmware=\"efi\" efipartsize=\"4\""
          + " kernelcmdline=\"console=ttyS0\"";
  private static final String SYSTEMD_BOOT = "<bootloader name=\"systemd_boot\" timeout=\"0\"/>";

  /** An initrd with what the check wants: the verity generator, dm-verity and erofs. */
  private static final byte[] INITRD = CpioArchive.verityInitrd().finish();

  @TempDir Path dir;
  private final TestImages images = new TestImages();

  private Path bootableDescription() throws Exception {
    Path d = TestImages.description(dir.resolve("d"), BOOTABLE, SYSTEMD_BOOT);
    Path modules = Files.createDirectories(d.resolve("root/usr/lib/modules/6.1.0-test"));
    Files.write(modules.resolve("vmlinuz"), TestPe.kernel(0x3000, 0x8000));
    Files.write(modules.resolve("initrd"), INITRD);
    Path efi = Files.createDirectories(d.resolve("root/usr/lib/systemd/boot/efi"));
    Files.write(efi.resolve("linuxx64.efi.stub"), TestPe.stub().build());
    Files.write(efi.resolve("systemd-bootx64.efi"), TestPe.kernel(0x1000, 0x2000));
    return d;
  }

  @Test
  void testBuild_espFirstWithUkiCarryingTheCmdline() throws Exception {
    BuildResult r = images.build(bootableDescription(), dir.resolve("out"));
    Path img = dir.resolve("out/t.x86_64-1.0.raw");
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      List<GptPartition> p = GptReader.read(ch, img.toString()).table().partitions();
      assertEquals(
          List.of("esp", "root-x86-64", "root-x86-64-verity"),
          p.stream().map(GptPartition::name).toList());
      assertEquals(4L << 20, p.get(0).size(512));
      ByteBuffer boot = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(boot, p.get(0).offset(512));
      assertEquals((short) 0xAA55, boot.getShort(510));
      assertEquals(2048, boot.getInt(28)); // hidden sectors = the ESP's first LBA
    }
    Path uki = dir.resolve("out/t.x86_64-1.0.efi");
    assertTrue(r.files().contains(uki));
    byte[] cmdline = section(Files.readAllBytes(uki), ".cmdline");
    assertEquals(r.cmdline(), new String(cmdline, StandardCharsets.UTF_8));
    assertEquals(
        "6.1.0-test",
        new String(section(Files.readAllBytes(uki), ".uname"), StandardCharsets.US_ASCII));
  }

  @Test
  void testBuild_4096ByteSectors_espUsesThem() throws Exception {
    Path d = bootableDescription();
    Path config = d.resolve("config.xml");
    Files.writeString(
        config,
        Files.readString(config).replace(BOOTABLE, BOOTABLE + " target_blocksize=\"4096\""));
    images.build(d, dir.resolve("out"));
    Path img = dir.resolve("out/t.x86_64-1.0.raw");
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      GptPartition esp = GptReader.read(ch, img.toString()).table().partitions().get(0);
      ByteBuffer boot = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(boot, esp.offset(4096));
      assertEquals((short) 0xAA55, boot.getShort(510));
      assertEquals(4096, boot.getShort(11)); // bytes per sector: the disk's
      assertEquals(esp.offset(4096) / 4096, boot.getInt(28)); // hidden sectors in those units
    }
  }

  @Test
  void testBuild_kernelOutsideModulesWithoutInitrd_asksForTheInitrd() throws Exception {
    Path d =
        TestImages.description(
            dir.resolve("d"),
            BOOTABLE,
            "<bootloader name=\"systemd_boot\"><uki kernel=\"k.bin\"/></bootloader>");
    Files.write(d.resolve("k.bin"), TestPe.kernel(0x3000, 0x8000));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertEquals(
        "cannot tell the kernel version of "
            + d.resolve("k.bin")
            + " (neither /usr/lib/modules/<version>/vmlinuz, /boot/vmlinuz-<version> nor an x86"
            + " bzImage with a version string); name the initrd with <uki initrd=\"…\">",
        e.getMessage());
  }

  @Test
  void testBuild_kernelNotPe_refused() throws Exception {
    Path d = bootableDescription();
    Files.writeString(d.resolve("root/usr/lib/modules/6.1.0-test/vmlinuz"), "not a kernel");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertEquals(
        "kernel /usr/lib/modules/6.1.0-test/vmlinuz is not a PE/EFI image (no MZ header with a PE"
            + " signature)",
        e.getMessage());
  }

  @Test
  void testBuild_stubForAnotherArchitecture_refused() throws Exception {
    Path d = bootableDescription();
    Files.write(
        d.resolve("root/usr/lib/systemd/boot/efi/linuxx64.efi.stub"),
        TestPe.stub().machine(0xAA64).build());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertEquals(
        "systemd-stub /usr/lib/systemd/boot/efi/linuxx64.efi.stub is for PE machine 0xaa64"
            + " (arm64), expected 0x8664 (x86-64) for architecture x86-64",
        e.getMessage());
  }

  @Test
  void testBuild_missingInitrd_namesWhereItLooked() throws Exception {
    Path d = bootableDescription();
    Files.delete(d.resolve("root/usr/lib/modules/6.1.0-test/initrd"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertEquals(
        "the root tree has no initrd for kernel 6.1.0-test (looked for"
            + " /usr/lib/modules/6.1.0-test/initrd, /usr/lib/modules/6.1.0-test/initramfs.img,"
            + " /boot/initrd.img-6.1.0-test, /boot/initramfs-6.1.0-test.img,"
            + " /boot/initrd-6.1.0-test)",
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out")), "the target directory mkddi created is gone");
    Files.createDirectories(dir.resolve("kept"));
    assertThrows(
        InvalidInputException.class, () -> images.build(d, dir.resolve("kept/new/deeper")));
    assertTrue(Files.notExists(dir.resolve("kept/new")));
    assertTrue(Files.isDirectory(dir.resolve("kept")), "a directory that existed stays");
  }

  @Test
  void testBuild_smallEspIsGrownWithAWarning() throws Exception {
    Path d = bootableDescription();
    Files.write(
        d.resolve("root/usr/lib/modules/6.1.0-test/initrd"),
        Arrays.copyOf(INITRD, 5 << 20)); // NUL padding after the archive, as the kernel reads it
    images.build(d, dir.resolve("out"));
    assertEquals(1, images.listener.warnings().size(), images.listener.warnings().toString());
    assertTrue(
        images
            .listener
            .warnings()
            .get(0)
            .startsWith("the ESP is grown from 4 MiB (efipartsize) to "),
        images.listener.warnings().get(0));
  }

  @Test
  void testBuild_defaultEspGrown_warningNamesTheDefault() throws Exception {
    Path d = bootableDescription();
    Path config = d.resolve("config.xml");
    Files.writeString(config, Files.readString(config).replace(" efipartsize=\"4\"", ""));
    try (RandomAccessFile f =
        new RandomAccessFile(d.resolve("root/usr/lib/modules/6.1.0-test/initrd").toFile(), "rw")) {
      f.setLength(21 << 20);
    }
    images.build(d, dir.resolve("out"));
    assertEquals(1, images.listener.warnings().size(), images.listener.warnings().toString());
    assertTrue(
        images
            .listener
            .warnings()
            .get(0)
            .startsWith(
                "the ESP is grown from 20 MiB (the default ESP size; efipartsize sets it) to "),
        images.listener.warnings().get(0));
  }

  @Test
  void testBuild_firmwareWithoutBootloader_installsSystemdBootWithWarning() throws Exception {
    // kiwi's default boot loader is grub2; mkddi installs systemd-boot, never an empty ESP
    Path d = bootableDescription();
    Path config = d.resolve("config.xml");
    Files.writeString(config, Files.readString(config).replace(SYSTEMD_BOOT, ""));
    images.build(d, dir.resolve("out"));
    assertTrue(Files.isRegularFile(dir.resolve("out/t.x86_64-1.0.efi")));
    assertTrue(
        images.listener.warnings().stream()
            .anyMatch(
                w ->
                    w.contains(
                        "firmware=\"efi\" without <bootloader>: kiwi would install grub2, mkddi"
                            + " installs systemd-boot and a UKI")),
        images.listener.warnings().toString());
  }

  @Test
  void testBuild_firmwareWithoutBootloaderOrKernel_refusedNotEmptyEsp() throws Exception {
    Path d = TestImages.description(dir.resolve("d"), BOOTABLE);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertTrue(e.getMessage().startsWith("no kernel in the root tree"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out/t.x86_64-1.0.raw")));
  }

  @Test
  void testBuild_debianLayout_kernelAndInitrdInBoot() throws Exception {
    Path d = bootableDescription();
    Path modules = d.resolve("root/usr/lib/modules/6.1.0-test");
    Files.createDirectories(d.resolve("root/boot"));
    Files.move(modules.resolve("vmlinuz"), d.resolve("root/boot/vmlinuz-6.1.0-test"));
    Files.move(modules.resolve("initrd"), d.resolve("root/boot/initrd.img-6.1.0-test"));
    Files.createSymbolicLink(d.resolve("root/vmlinuz"), Path.of("boot/vmlinuz-6.1.0-test"));
    images.build(d, dir.resolve("out"));
    byte[] uki = Files.readAllBytes(dir.resolve("out/t.x86_64-1.0.efi"));
    assertEquals("6.1.0-test", new String(section(uki, ".uname"), StandardCharsets.US_ASCII));
    assertArrayEquals(INITRD, section(uki, ".initrd"));
  }

  @Test
  void testBuild_kernelAndInitrdByPattern() throws Exception {
    Path d = bootableDescription();
    Path config = d.resolve("config.xml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                SYSTEMD_BOOT,
                "<bootloader name=\"systemd_boot\"><uki kernel=\"/usr/lib/modules/*/vmlinuz\""
                    + " initrd=\"initrds/initrd-*.img\"/></bootloader>"));
    Files.createDirectories(d.resolve("initrds"));
    Files.write(d.resolve("initrds/initrd-6.1.img"), INITRD);
    images.build(d, dir.resolve("out"));
    byte[] uki = Files.readAllBytes(dir.resolve("out/t.x86_64-1.0.efi"));
    assertEquals("6.1.0-test", new String(section(uki, ".uname"), StandardCharsets.US_ASCII));

    Files.createDirectories(d.resolve("root/usr/lib/modules/6.2.0-test"));
    Files.write(
        d.resolve("root/usr/lib/modules/6.2.0-test/vmlinuz"), TestPe.kernel(0x3000, 0x8000));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out2")));
    assertEquals(
        "<uki kernel>=\"/usr/lib/modules/*/vmlinuz\" matches 2 files in the root tree"
            + " (/usr/lib/modules/6.1.0-test/vmlinuz, /usr/lib/modules/6.2.0-test/vmlinuz); it"
            + " must match exactly one",
        e.getMessage());
  }

  @Test
  void testBuild_initrdWithoutVeritysetup_refusedBeforeAnyOutput() throws Exception {
    Path d = bootableDescription();
    Files.write(
        d.resolve("root/usr/lib/modules/6.1.0-test/initrd"),
        new CpioArchive()
            .file("usr/lib/modules/6.1.0-test/kernel/drivers/md/dm-verity.ko", "ko")
            .file("usr/lib/modules/6.1.0-test/kernel/fs/erofs/erofs.ko", "ko")
            .finish());
    Path out = dir.resolve("out");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> images.build(d, out));
    assertEquals(
        "initrd /usr/lib/modules/6.1.0-test/initrd (root tree) cannot open this image's root"
            + " (erofs on dm-verity, from roothash=): no"
            + " /usr/lib/systemd/system-generators/systemd-veritysetup-generator. To fix:"
            + " add_dracutmodules+=\" systemd-veritysetup \" (dracut); or build with"
            + " --no-initrd-check",
        e.getMessage());
    assertTrue(Files.notExists(out), "nothing written, the target directory removed");
    images.buildWithoutInitrdCheck(d, out);
    assertTrue(Files.isRegularFile(out.resolve("t.x86_64-1.0.raw")));
  }

  @Test
  void testBuild_initrdWithoutTheFileSystemModule_namesWhatToAdd() throws Exception {
    Path d = bootableDescription();
    Files.write(
        d.resolve("root/usr/lib/modules/6.1.0-test/initrd"),
        new CpioArchive()
            .file("usr/lib/systemd/system-generators/systemd-veritysetup-generator", "elf")
            .file("usr/lib/systemd/systemd-veritysetup", "elf")
            .file("usr/lib/modules/6.1.0-test/kernel/drivers/md/dm-verity.ko", "ko")
            .finish());
    Files.writeString(
        d.resolve("root/usr/lib/modules/6.1.0-test/modules.builtin"), "kernel/fs/ext4/ext4.ko\n");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertTrue(
        e.getMessage()
            .endsWith(
                ": neither a module erofs in the initrd nor built into the kernel"
                    + " (modules.builtin). To fix: add_drivers+=\" erofs \" (dracut); or build"
                    + " with --no-initrd-check"),
        e.getMessage());

    // built into the kernel: the tree's modules.builtin says so
    Files.writeString(
        d.resolve("root/usr/lib/modules/6.1.0-test/modules.builtin"),
        "kernel/fs/ext4/ext4.ko\nkernel/fs/erofs/erofs.ko\n");
    images.build(d, dir.resolve("out"));
  }

  @Test
  void testBuild_truncatedInitrd_refused() throws Exception {
    Path d = bootableDescription();
    byte[] whole = CpioArchive.verityInitrd().withoutTrailer();
    Files.write(
        d.resolve("root/usr/lib/modules/6.1.0-test/initrd"),
        Arrays.copyOf(whole, whole.length - 3));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(d, dir.resolve("out")));
    assertTrue(
        e.getMessage().startsWith("initrd /usr/lib/modules/6.1.0-test/initrd (root tree): "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" (--no-initrd-check skips the initrd check)"));
  }

  @Test
  void testBuild_secureBootKey_signsTheUkiAndSystemdBootAsSbsignDoes() throws Exception {
    Path d = bootableDescription();
    Path config = d.resolve("config.xml");
    Files.copy(TestImages.signFixture("test-only-rsa.key"), d.resolve("db.key"));
    Files.copy(TestImages.signFixture("test-only-rsa.crt"), d.resolve("db.crt"));
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                SYSTEMD_BOOT,
                "<bootloader name=\"systemd_boot\" timeout=\"0\" secure_boot_key=\"db.key\""
                    + " secure_boot_certificate=\"db.crt\"/>"));
    images.build(d, dir.resolve("out"));
    X509Certificate cert = Certificates.load(d.resolve("db.crt"));
    Path uki = dir.resolve("out/t.x86_64-1.0.efi");
    assertEquals(Certificates.fingerprint(cert), authenticodeSigner(uki, cert));
    SigningKey key = SigningKey.load(d.resolve("db.key"), d.resolve("db.crt"), null);
    Path boot = dir.resolve("systemd-boot.efi");
    Path signedBoot = dir.resolve("systemd-boot.signed.efi");
    Files.write(
        boot, Files.readAllBytes(d.resolve("root/usr/lib/systemd/boot/efi/systemd-bootx64.efi")));
    try (FileChannel in = FileChannel.open(boot, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(signedBoot, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      PeSigner.sign(
          in, out, "systemd-boot", new AuthenticodeSigner(key)::sign, ProgressListener.NONE);
    }
    assertEquals(Certificates.fingerprint(cert), authenticodeSigner(signedBoot, cert));
    Path img = dir.resolve("out/t.x86_64-1.0.raw");
    byte[] image;
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      GptPartition esp = GptReader.read(ch, img.toString()).table().partitions().get(0);
      ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(esp.size(512)));
      ch.read(b, esp.offset(512));
      image = b.array();
    }
    byte[] ukiBytes = Files.readAllBytes(uki);
    byte[] bootBytes = Files.readAllBytes(signedBoot);
    assertTrue(indexOf(image, ukiBytes) > 0, "the signed UKI is in the ESP");
    int first = indexOf(image, bootBytes);
    assertTrue(first > 0, "the signed systemd-boot is in the ESP");
    assertTrue(
        indexOf(image, bootBytes, first + bootBytes.length) > 0,
        "both copies of systemd-boot (BOOTX64.EFI and systemd-bootx64.efi) are signed");
    assertEquals(-1, indexOf(image, Files.readAllBytes(boot)), "no unsigned copy in the ESP");
    List<String> secureBoot = secureBootChecks(img);
    assertEquals(3, secureBoot.size(), secureBoot.toString());
    for (String c : secureBoot) {
      assertTrue(
          c.startsWith("OK ") && c.endsWith(Certificates.fingerprint(cert) + ")"),
          secureBoot.toString());
    }
    assertTrue(secureBoot.get(0).contains("EFI/BOOT/BOOTX64.EFI: Authenticode-signed by CN="));
  }

  @Test
  void testVerify_unsignedBootChain_reportedNotFailed() throws Exception {
    images.build(bootableDescription(), dir.resolve("out"));
    List<String> secureBoot = secureBootChecks(dir.resolve("out/t.x86_64-1.0.raw"));
    assertEquals(3, secureBoot.size(), secureBoot.toString());
    assertTrue(
        secureBoot.stream()
            .allMatch(
                c ->
                    c.startsWith("SKIPPED ")
                        && c.endsWith(": unsigned (no Authenticode signature)")),
        secureBoot.toString());
  }

  /** verify's secure-boot checks of an image, as "STATUS message". */
  private static List<String> secureBootChecks(Path img) throws Exception {
    VerifyReport r = new ImageVerifier(ProgressListener.NONE).verify(VerifyRequest.of(img));
    return r.checks().stream()
        .filter(c -> c.name().equals("secure-boot"))
        .map(c -> c.status() + " " + c.message())
        .toList();
  }

  /** Verifies a signed PE file's only Authenticode signature, pinned to {@code cert}. */
  private static String authenticodeSigner(Path pe, X509Certificate cert) throws Exception {
    try (FileChannel ch = FileChannel.open(pe, StandardOpenOption.READ)) {
      PeSignatures s = PeSignatureReader.read(ch, pe.toString());
      assertEquals(1, s.certificates().size());
      assertEquals(s.checksum(), s.computedChecksum());
      return AuthenticodeSignature.parse(s.certificates().get(0).content(), pe.toString())
          .verify(s.imageDigest(), cert)
          .signerFingerprint();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    return indexOf(hay, needle, 0);
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The content of a PE section (VirtualSize bytes at PointerToRawData). */
  private static byte[] section(byte[] pe, String name) {
    ByteBuffer b = ByteBuffer.wrap(pe).order(ByteOrder.LITTLE_ENDIAN);
    int nt = b.getInt(0x3C);
    int count = Short.toUnsignedInt(b.getShort(nt + 6));
    int table = nt + 24 + Short.toUnsignedInt(b.getShort(nt + 20));
    for (int i = 0; i < count; i++) {
      int h = table + 40 * i;
      String n = new String(pe, h, 8, StandardCharsets.US_ASCII).replace("\0", "");
      if (n.equals(name)) {
        int size = b.getInt(h + 8);
        int ptr = b.getInt(h + 20);
        byte[] out = new byte[size];
        System.arraycopy(pe, ptr, out, 0, size);
        return out;
      }
    }
    throw new AssertionError("no section " + name);
  }
}
