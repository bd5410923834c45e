package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.cli.DescribeOutput;
import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.RecordingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples and the kiwi-style corpus load into the expected plans. */
class DescriptionLoaderTest {
  private static final long MIB = 1L << 20;
  @TempDir Path tmp;

  private static ImageDescription load(Path dir) throws Exception {
    return DescriptionLoader.load(dir, LoadOptions.forArch("x86_64"), ProgressListener.NONE);
  }

  private static List<String> messages(List<Diagnostic> list) {
    return list.stream().map(Diagnostic::message).toList();
  }

  @Test
  void testLoad_minimalExample_rootOverlayOnlyUnsigned() throws Exception {
    ImageDescription d = load(Path.of("examples/minimal"));
    assertEquals("minimal", d.name());
    assertEquals("1.0.0", d.version());
    assertEquals(Path.of("examples/minimal/config.xml"), d.file());
    assertEquals("minimal.x86_64-1.0.0.raw", d.imageFileName());
    assertEquals(
        List.of(
            new RootSource(
                RootSource.Role.OVERLAY_DIRECTORY, Path.of("examples/minimal/root"), "/")),
        d.rootSources());
    assertEquals(VerityLayout.PARTITION, d.disk().verity().layout());
    assertFalse(d.disk().verity().signature().signs());
    assertEquals("console=ttyS0", d.disk().kernelCmdline());
    assertEquals(List.of(), d.warnings());
    assertEquals(List.of(), d.problems());
    d.validateForBuild();
  }

  @Test
  void testLoad_signedExample_needsKeysThenValid() throws Exception {
    Path dir = tmp.resolve("signed");
    Fixtures.copyTree(Path.of("examples/signed"), dir);
    ImageDescription unsigned = load(dir);
    assertEquals(2, unsigned.problems().size(), unsigned.problems().toString());
    assertThrows(DescriptionException.class, unsigned::validateForBuild);
    TestKeys.writePair("RSA", dir.resolve("keys/verity.key"), dir.resolve("keys/verity.crt"));
    ImageDescription d = load(dir);
    assertEquals(List.of(), d.problems());
    SignatureSpec s = d.disk().verity().signature();
    assertTrue(s.required());
    assertEquals(Optional.of(dir.resolve("keys/verity.key").toString()), s.key());
    assertEquals(Optional.of(dir.resolve("keys/verity.crt")), s.certificate());
    assertEquals(
        List.of("root-x86-64", "root-x86-64-verity", "root-x86-64-verity-sig"),
        d.layout().partitions().stream().map(e -> e.type().name()).toList());
  }

  private static ImageDescription loadWithSigning(Path dir, Optional<Path> key, Optional<Path> cert)
      throws IOException {
    return DescriptionLoader.load(
        dir,
        LoadOptions.forArch("x86_64")
            .withSigning(SigningOptions.NONE.withVerity(key.map(Path::toString), cert)),
        ProgressListener.NONE);
  }

  @Test
  void testLoad_signingOverride_replacesDescriptionKeys() throws Exception {
    Path dir = tmp.resolve("signed");
    Fixtures.copyTree(Path.of("examples/signed"), dir);
    Path key = tmp.resolve("cli/k.pem");
    Path cert = tmp.resolve("cli/c.pem");
    TestKeys.writePair("EC", key, cert);
    ImageDescription d = loadWithSigning(dir, Optional.of(key), Optional.of(cert));
    assertEquals(List.of(), d.problems());
    assertEquals(Optional.of(key.toString()), d.disk().verity().signature().key());
    Files.delete(key);
    ImageDescription missing = loadWithSigning(dir, Optional.of(key), Optional.of(cert));
    assertEquals(
        "--signing-key: signing key " + key + " does not exist",
        missing.problems().get(0).toString());
  }

  @Test
  void testLoad_wrongCertificateOption_isNamedAsTheOption() throws Exception {
    Path dir = tmp.resolve("signed");
    Fixtures.copyTree(Path.of("examples/signed"), dir);
    TestKeys.writePair("EC", dir.resolve("keys/verity.key"), dir.resolve("keys/verity.crt"));
    Path notACert = Files.writeString(tmp.resolve("notacert.pem"), "hello\n");
    ImageDescription d = loadWithSigning(dir, Optional.empty(), Optional.of(notACert));
    assertEquals(1, d.problems().size(), d.problems().toString());
    assertTrue(
        d.problems()
            .get(0)
            .toString()
            .startsWith("--certificate: " + notACert + ": not an X.509 certificate"),
        d.problems().toString());
    // another pair's certificate: the key (from the description) does not belong to it
    Path otherKey = tmp.resolve("other/k.pem");
    Path otherCert = tmp.resolve("other/c.pem");
    TestKeys.writePair("EC", otherKey, otherCert);
    ImageDescription mismatch = loadWithSigning(dir, Optional.empty(), Optional.of(otherCert));
    String m = mismatch.problems().get(0).toString();
    assertTrue(m.startsWith(dir.resolve("config.xml") + ":"), m);
    assertTrue(m.contains("does not belong to the certificate " + otherCert), m);
  }

  @Test
  void testLoad_abUpdateExample_twoSlotsFixedSizes() throws Exception {
    ImageDescription d = load(Path.of("examples/ab-update"));
    assertEquals(2, d.disk().updateSlots());
    assertEquals(OptionalLong.of(256 * MIB), d.disk().updateSlotSize());
    assertEquals(OptionalLong.of(16 * MIB), d.disk().verity().partitionSize());
    List<String> labels = d.layout().partitions().stream().map(DiskLayout.Entry::label).toList();
    assertEquals(
        List.of("abimage_2.1.0", "abimage_2.1.0_verity", "_empty", "_empty", "var"), labels);
    assertEquals(
        List.of(
            new PartitionSpec(
                "state",
                64 * MIB,
                "var",
                Designator.VAR,
                Optional.of("/var"),
                Optional.of(Filesystem.EXT4),
                "STATE",
                true)),
        d.disk().partitions());
    assertEquals(GptAttribute.GROW_FILE_SYSTEM.mask(), d.layout().partitions().get(4).attributes());
    assertEquals(List.of(), d.problems());
  }

  @Test
  void testLoad_partitionLabelAndGrowFlag_asGivenOrDefault() throws Exception {
    Path dir = tmp.resolve("labels");
    Fixtures.copyTree(Path.of("examples/ab-update"), dir);
    Path config = dir.resolve("config.xml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "filesystem=\"ext4\"/>",
                "filesystem=\"ext4\" label=\"var-data\" grow_filesystem=\"false\"/>\n"
                    + "        <partition name=\"data\" size=\"8M\" mountpoint=\"/data\""
                    + " filesystem=\"ext4\"/>\n"
                    + "        <partition name=\"boot2\" size=\"64M\" mountpoint=\"/efi2\""
                    + " filesystem=\"fat32\"/>"));
    ImageDescription d = load(dir);
    assertEquals(List.of(), d.problems());
    List<PartitionSpec> p = d.disk().partitions();
    // kiwi: label is the file system's (its default the name in upper case); the GPT name stays
    assertEquals(
        List.of("var-data", "DATA", "BOOT2"),
        p.stream().map(PartitionSpec::filesystemLabel).toList());
    assertEquals(
        List.of("var", "p.lxdata", "p.lxboot2"), p.stream().map(PartitionSpec::label).toList());
    assertEquals(
        List.of(false, true, false), p.stream().map(PartitionSpec::growFileSystem).toList());
    // bit 59 only where the DPS defines it: not on var (false), not on linux-generic /data
    assertEquals(
        List.of(0L, 0L, 0L),
        d.layout().partitions().subList(4, 7).stream().map(DiskLayout.Entry::attributes).toList());
    assertEquals(
        Optional.of(
            "ext4 labelled DATA with /data (fstab by PARTUUID, x-systemd.growfs), grown to"
                + " the partition when mounted"),
        d.layout().partitions().get(5).contentText());
  }

  @Test
  void testLoad_kiwiApplianceExample_warnsOncePerIgnoredName() throws Exception {
    RecordingListener listener = new RecordingListener();
    ImageDescription d =
        DescriptionLoader.load(
            Path.of("examples/kiwi-appliance"), LoadOptions.forArch("x86_64"), listener);
    assertEquals(List.of(), d.problems());
    assertEquals(d.warnings().stream().map(Diagnostic::toLineString).toList(), listener.warnings());
    assertEquals(12, d.warnings().size(), listener.warnings().toString());
    assertTrue(
        listener
            .warnings()
            .contains(
                "examples/kiwi-appliance/config.xml:37: <package> ignored (5 times):"
                    + " mkddi installs no packages; they belong in the prepared root (--root), a"
                    + " root archive or the root/ overlay"),
        listener.warnings().toString());
    assertTrue(
        listener
            .warnings()
            .contains(
                "examples/kiwi-appliance/config.sh: config.sh ignored: mkddi runs"
                    + " no scripts inside the image; put their results into the prepared root (--root) or the root overlay"));
    assertEquals(
        List.of(RootSource.Role.ARCHIVE, RootSource.Role.OVERLAY_DIRECTORY),
        d.rootSources().stream().map(RootSource::role).toList());
    assertEquals("APPLIANCE", d.disk().rootfsLabel());
    assertEquals(Optional.of(new DiskSize(1L << 30, false)), d.disk().size());
    DescriptionException strict =
        assertThrows(
            DescriptionException.class,
            () ->
                DescriptionLoader.load(
                    Path.of("examples/kiwi-appliance"),
                    LoadOptions.forArch("x86_64").withStrict(true),
                    ProgressListener.NONE));
    assertEquals(
        "examples/kiwi-appliance/config.xml:5:69: <image id=\"0815\"> ignored: mkddi"
            + " runs nothing inside the image; put /etc/ImageID into the root overlay (an error"
            + " with --strict)",
        strict.getMessage());
  }

  @Test
  void testLoad_kiwi74_upgradedThroughEveryStep() throws Exception {
    ImageDescription d = load(Fixtures.scenario("kiwi-7.4"));
    assertEquals("7.4", d.schemaVersion());
    assertEquals(List.of(), d.problems());
    List<String> w = messages(d.warnings());
    // named as the file spells them, at their own line and column, once each
    List<String> lines = d.warnings().stream().map(x -> x.toString()).toList();
    String at = d.file() + ":";
    assertTrue(
        lines.contains(
            at
                + "15:39: <bootloader console=\"serial gfxterm\"> ignored: mkddi installs"
                + " systemd-boot with a timeout only"),
        lines.toString());
    assertTrue(
        lines.contains(
            at
                + "14:11: <type btrfs_root_is_snapshot=\"false\"> ignored: mkddi does not"
                + " use it"),
        lines.toString());
    assertTrue(
        w.stream().noneMatch(m -> m.contains("_console") || m.contains("snapper")), w.toString());
    assertTrue(w.stream().noneMatch(m -> m.contains("vga")), w.toString());
    assertEquals(Firmware.EFI, d.disk().firmware());
    assertEquals(64 * MIB, d.disk().efiPartitionSize());
    assertEquals(
        new BootloaderSpec(Bootloader.SYSTEMD_BOOT, OptionalInt.of(5), UkiSpec.FROM_TREE),
        d.disk().bootloader().orElseThrow());
  }

  @Test
  void testLoad_kiwi75_rootTarGzEmbeddedVerity() throws Exception {
    Path dir = tmp.resolve("kiwi-7.5");
    Fixtures.copyTree(Fixtures.scenario("kiwi-7.5"), dir);
    List<String> planned =
        List.of(
            "embed_verity_metadata=\"true\" needs a signing key: kiwi's metadata block is RSA-PSS"
                + " signed (give verity_signature_key and verity_signature_certificate, or"
                + " --signing-key and --certificate)");
    assertEquals(
        Stream.concat(
                planned.stream(),
                Stream.of(
                    "no root content: add <packages type=\"image\"><archive name=…/>, a"
                        + " root/ directory or root.tar.gz next to the description"))
            .toList(),
        messages(load(dir).problems()));
    Files.write(dir.resolve("root.tar.gz"), new byte[] {0x1f, (byte) 0x8b});
    ImageDescription d = load(dir);
    assertEquals(planned, messages(d.problems()));
    assertEquals(
        List.of(new RootSource(RootSource.Role.OVERLAY_ARCHIVE, dir.resolve("root.tar.gz"), "/")),
        d.rootSources());
    assertEquals(Filesystem.SQUASHFS, d.disk().root().type());
    assertEquals("xz -Xbcj x86", d.disk().root().compressionText());
    VeritySpec v = d.disk().verity();
    assertEquals(VerityLayout.IN_ROOT, v.layout());
    assertTrue(v.embedMetadata());
    assertEquals(OptionalLong.of(1024), v.dataBlocks());
    assertEquals(4096, d.disk().targetBlockSize());
    assertEquals(Optional.of(new DiskSize(1L << 30, true)), d.disk().size());
    assertTrue(
        messages(d.warnings())
            .contains(
                "<type image=\"iso\"> not built: mkddi builds"
                    + " the image=\"oem\" disk type only"));
  }

  @Test
  void testLoad_kiwi80_archivesInPhaseOrderAndPartitions() throws Exception {
    Path dir = Fixtures.scenario("kiwi-8.0");
    ImageDescription d = load(dir);
    assertEquals(
        List.of(
            "<partition filesystem=\"xfs\">: mkddi does not build xfs file systems for partitions;"
                + " it builds ext4, fat16, fat32, erofs, squashfs"),
        messages(d.problems()));
    assertEquals(
        List.of(
            new RootSource(RootSource.Role.ARCHIVE, dir.resolve("base.tar"), "/"),
            new RootSource(RootSource.Role.ARCHIVE, dir.resolve("extra.tar.xz"), "/opt/extra"),
            new RootSource(RootSource.Role.OVERLAY_DIRECTORY, dir.resolve("root"), "/")),
        d.rootSources());
    assertEquals(VerityLayout.IN_ROOT, d.disk().verity().layout());
    assertFalse(d.disk().verity().embedMetadata());
    assertEquals(
        List.of(Designator.HOME, Designator.GENERIC, Designator.TMP),
        d.disk().partitions().stream().map(PartitionSpec::designator).toList());
    assertEquals(
        List.of("home", "p.lxdata", "tmp"),
        d.disk().partitions().stream().map(PartitionSpec::label).toList());
    assertEquals(
        List.of(100 * MIB, 1024 * MIB, 64 * MIB),
        d.disk().partitions().stream().map(PartitionSpec::size).toList());
    assertEquals("SYSTEM", d.disk().rootfsLabel());
    assertEquals(Filesystem.EXT4, d.disk().root().type());
  }

  @Test
  void testLoad_kiwi85_everyExtension() throws Exception {
    ImageDescription d = load(Fixtures.scenario("kiwi-8.5"));
    assertEquals(List.of(), d.warnings());
    assertEquals(List.of(), d.problems());
    DiskSpec disk = d.disk();
    assertEquals(Firmware.UEFI, disk.firmware());
    assertEquals(128 * MIB, disk.efiPartitionSize());
    assertEquals(
        new VeritySpec(
            VerityLayout.PARTITION,
            false,
            OptionalLong.empty(),
            HashAlgorithm.SHA512,
            4096,
            1024,
            OptionalLong.of(32 * MIB),
            SignatureSpec.NONE),
        disk.verity());
    assertEquals(2, disk.updateSlots());
    assertEquals(OptionalLong.of(1024 * MIB), disk.updateSlotSize());
    assertEquals(4096, disk.targetBlockSize());
    assertEquals(Optional.of(new DiskSize(4L << 30, false)), disk.size());
    assertEquals(
        "current.aarch64-8.5.0.raw",
        DescriptionLoader.load(
                Fixtures.scenario("kiwi-8.5"),
                LoadOptions.forArch("aarch64"),
                ProgressListener.NONE)
            .imageFileName());
  }

  @Test
  void testLoad_profiles_importRequiresArchAndOverlays() throws Exception {
    Path dir = Fixtures.scenario("profiles");
    ImageDescription base = load(dir);
    assertEquals(List.of("base"), base.profiles());
    assertEquals(
        List.of(dir.resolve("root"), dir.resolve("base")),
        base.rootSources().stream().map(RootSource::path).toList());
    ImageDescription dev =
        DescriptionLoader.load(dir, List.of("dev"), false, "x86_64", ProgressListener.NONE);
    assertEquals(List.of("dev", "base"), dev.profiles());
    assertEquals("3.0.0", dev.version());
    assertEquals(
        List.of(
            dir.resolve("dev-tools.tar.gz"),
            dir.resolve("root"),
            dir.resolve("dev"),
            dir.resolve("base")),
        dev.rootSources().stream().map(RootSource::path).toList());
    DescriptionException arm =
        assertThrows(
            DescriptionException.class,
            () ->
                DescriptionLoader.load(
                    dir, List.of("arm"), false, "x86_64", ProgressListener.NONE));
    assertEquals(
        dir.resolve("config.xml") + ": no profile \"arm\" for x86_64; defined: base," + " dev",
        arm.getMessage());
  }

  @Test
  void testLoad_include_partsFromOtherFiles() throws Exception {
    ImageDescription d = load(Fixtures.scenario("include"));
    assertEquals("console=ttyS0", d.disk().kernelCmdline());
    assertEquals("1.0.0", d.version());
  }

  @Test
  void testLoad_includePlainRelativePaths_resolvedAgainstTheDescription() throws Exception {
    ImageDescription d = load(Fixtures.scenario("include-plain"));
    assertEquals("console=ttyS0", d.disk().kernelCmdline());
    assertEquals("included", d.name());
  }

  @Test
  void testLoad_pathWithDotDot_messagesNameTheNormalisedFile() throws Exception {
    Path dir = Fixtures.scenario("include-plain-missing-fail");
    Path detour = dir.resolve("../" + dir.getFileName());
    DescriptionException e =
        assertThrows(
            DescriptionException.class,
            () ->
                DescriptionLoader.load(
                    detour, LoadOptions.forArch("x86_64"), ProgressListener.NONE));
    assertEquals(
        dir.resolve("config.xml")
            + ":3:12: <include from=\"./parts/../missing.xml\">: "
            + dir.resolve("missing.xml")
            + " does not exist",
        e.getMessage());
  }

  @Test
  void testLoad_uki2801Shape_kernelVersionAndDracutWarning() throws Exception {
    ImageDescription d = load(Fixtures.scenario("uki-2801"));
    assertEquals(List.of(), d.problems());
    assertEquals(
        "at least 20 MiB (grown at build time if systemd-boot and the UKI need more)",
        d.layout().partitions().get(0).sizePolicy());
    BootloaderSpec b = d.disk().bootloader().orElseThrow();
    assertEquals(Optional.of("6.12.0-1-amd64"), b.uki().kernelVersion());
    assertEquals(OptionalInt.of(0), b.timeout());
    assertEquals(
        List.of(
            "<dracut module=\"systemd-veritysetup\"> ignored: dracut options"
                + " cannot run without a chroot; mkddi assembles the UKI itself"),
        messages(d.warnings()));
  }

  @Test
  void testLoad_ukiFiles_descriptionAndRootTreeReferences() throws Exception {
    Path dir = Fixtures.scenario("uki-files");
    UkiSpec u = load(dir).disk().bootloader().orElseThrow().uki();
    assertEquals(
        Optional.of(new FileRef(FileRef.Origin.DESCRIPTION, dir.resolve("boot/vmlinuz"))),
        u.kernel());
    assertEquals(
        Optional.of(new FileRef(FileRef.Origin.DESCRIPTION, dir.resolve("boot/initrd.img"))),
        u.initrd());
    assertEquals(
        Optional.of(
            new FileRef(
                FileRef.Origin.ROOT_TREE, Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub"))),
        u.stub());
    assertEquals(Optional.empty(), u.splash());
  }

  @Test
  void testLoad_ukiPatternsOnTheHost_mustMatchOneFile() throws Exception {
    Path dir = tmp.resolve("d");
    Files.createDirectories(dir.resolve("root/etc"));
    Files.createDirectories(dir.resolve("boot"));
    Files.writeString(dir.resolve("root/etc/os-release"), "ID=t\n");
    Files.writeString(dir.resolve("boot/vmlinuz-6.1"), "k");
    Files.writeString(dir.resolve("boot/initrd.img-6.1"), "i");
    Files.writeString(
        dir.resolve("config.xml"),
        Files.readString(Fixtures.scenario("uki-files").resolve("config.xml"))
            .replace("boot/vmlinuz\"", "boot/vmlinuz-*\"")
            .replace("boot/initrd.img\"", "boot/initrd.img-6.?\""));
    ImageDescription d = load(dir);
    assertEquals(List.of(), d.problems());
    UkiSpec u = d.disk().bootloader().orElseThrow().uki();
    assertEquals(
        Optional.of(new FileRef(FileRef.Origin.DESCRIPTION, dir.resolve("boot/vmlinuz-6.1"))),
        u.kernel());
    assertEquals(
        Optional.of(new FileRef(FileRef.Origin.DESCRIPTION, dir.resolve("boot/initrd.img-6.1"))),
        u.initrd());

    Files.writeString(dir.resolve("boot/vmlinuz-6.2"), "k");
    Files.delete(dir.resolve("boot/initrd.img-6.1"));
    assertEquals(
        List.of(
            "<uki kernel> \"boot/vmlinuz-*\" matches 2 files (boot/vmlinuz-6.1,"
                + " boot/vmlinuz-6.2); it must match exactly one",
            "<uki initrd> \"boot/initrd.img-6.?\" matches no file in " + dir),
        messages(load(dir).problems()));
  }

  @Test
  void testFindFile_kiwiLookupOrder() throws Exception {
    assertEquals(
        Fixtures.scenario("image-dir").resolve("image/config.xml"),
        DescriptionLoader.findFile(Fixtures.scenario("image-dir")));
    assertEquals("imagedir", load(Fixtures.scenario("image-dir")).name());
    assertEquals(
        Fixtures.scenario("dot-kiwi").resolve("a.kiwi"),
        DescriptionLoader.findFile(Fixtures.scenario("dot-kiwi")));
    assertEquals("first", load(Fixtures.scenario("dot-kiwi")).name());
    Path file = Fixtures.scenario("dot-kiwi").resolve("b.kiwi");
    assertEquals("second", load(file).name());
    DescriptionException none = assertThrows(DescriptionException.class, () -> load(tmp));
    assertEquals(
        tmp + ": no config.xml, image/config.xml or *.kiwi description here", none.getMessage());
    DescriptionException missing =
        assertThrows(DescriptionException.class, () -> load(tmp.resolve("nope")));
    assertEquals(
        tmp.resolve("nope") + ": no such description file or directory", missing.getMessage());
  }

  @Test
  void testLoad_everyCorpusFile_validAgainstXsdAndLoads() throws Exception {
    for (String s : Fixtures.scenarios("")) {
      if (s.endsWith("-fail") || s.equals("kiwi-7.5") || s.equals("kiwi-8.0")) {
        continue;
      }
      ImageDescription d = load(Fixtures.scenario(s));
      assertEquals(List.of(), d.problems(), s);
      assertFalse(DescribeOutput.toText(d).isEmpty());
    }
  }
}
