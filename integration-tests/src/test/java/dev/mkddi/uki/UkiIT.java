package dev.mkddi.uki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.fat.FatEntry;
import dev.mkddi.fat.FatImage;
import dev.mkddi.fat.FatOptions;
import dev.mkddi.fat.FatWriter;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.it.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assembles a UKI from Debian's systemd-stub and kernel (downloaded from Debian's packages at test
 * time) and checks it with objdump, objcopy, pefile and a boot in QEMU (TCG) with OVMF.
 */
class UkiIT {
  private static final Path STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");
  private static final String CMDLINE =
      "console=ttyS0 panic=-1 roothash=" + "0123456789abcdef".repeat(4);
  private static final List<String> ADDED =
      List.of(".osrel", ".cmdline", ".uname", ".initrd", ".linux");

  @TempDir static Path tmp;
  private static Path kernel;
  private static String kver;

  @BeforeAll
  static void fetchKernel() throws Exception {
    Tools.require("apt-get", "apt-cache", "dpkg-deb", "tar");
    if (!Files.isRegularFile(STUB)) {
      fail(STUB + " is missing (install systemd-boot-efi: run .ci/install-tools)");
    }
    Tools.Result dep = Tools.run("apt-cache", "depends", "linux-image-amd64");
    if (!dep.stdout().contains("Depends: linux-image-")) {
      Tools.run("apt-get", "update", "-qq").ok();
      dep = Tools.run("apt-cache", "depends", "linux-image-amd64").ok();
    }
    String pkg =
        dep.stdout()
            .lines()
            .map(String::trim)
            .filter(l -> l.startsWith("Depends: linux-image-"))
            .map(l -> l.substring("Depends: ".length()))
            .findFirst()
            .orElseThrow();
    Tools.run(tmp, List.of("apt-get", "download", pkg)).ok();
    Path deb;
    try (Stream<Path> s = Files.list(tmp)) {
      deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
    }
    String cmd =
        "dpkg-deb --fsys-tarfile '"
            + deb
            + "' | tar -x -C '"
            + tmp
            + "' --wildcards './boot/vmlinuz-*'";
    Tools.run(tmp, List.of("sh", "-c", cmd)).ok();
    try (Stream<Path> s = Files.list(tmp.resolve("boot"))) {
      kernel = s.findFirst().orElseThrow();
    }
    kver = kernel.getFileName().toString().substring("vmlinuz-".length());
  }

  /** A newc cpio archive holding only its trailer: a valid, empty initrd. */
  private static byte[] emptyCpio() {
    String name = "TRAILER!!!";
    StringBuilder h = new StringBuilder("070701");
    long[] fields = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, name.length() + 1, 0};
    for (long f : fields) {
      h.append(String.format("%08X", f));
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
    o.writeBytes((name + "\0").getBytes(StandardCharsets.US_ASCII));
    while (o.size() % 512 != 0) {
      o.write(0);
    }
    return o.toByteArray();
  }

  private static UkiImage build(Path out) throws Exception {
    Path initrd = tmp.resolve("initrd.cpio");
    Files.write(initrd, emptyCpio());
    List<UkiSection> sections =
        List.of(
            UkiSection.file(".linux", kernel),
            UkiSection.file(".initrd", initrd),
            UkiSection.bytes(".uname", kver.getBytes(StandardCharsets.US_ASCII)),
            UkiSection.bytes(".cmdline", CMDLINE.getBytes(StandardCharsets.US_ASCII)),
            UkiSection.bytes(
                ".osrel",
                "ID=mkddi\nPRETTY_NAME=\"mkddi test\"\n".getBytes(StandardCharsets.US_ASCII)));
    UkiImage uki = UkiAssembler.plan(STUB, sections);
    try (FileChannel ch =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      uki.write(ch, ProgressListener.NONE);
    }
    return uki;
  }

  @Test
  void testObjdump_sectionsInOrderWithCmdline() throws Exception {
    Tools.require("objdump", "objcopy");
    Path out = tmp.resolve("uki.efi");
    UkiImage uki = build(out);
    String h = Tools.run("objdump", "-h", out.toString()).ok().stdout();
    List<String[]> rows = new ArrayList<>();
    for (String line : h.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 7 && f[0].matches("\\d+") && f[1].startsWith(".")) {
        rows.add(f);
      }
    }
    List<String> names = rows.stream().map(f -> f[1]).toList();
    assertEquals(ADDED, names.subList(names.size() - ADDED.size(), names.size()), h);
    for (int i = 0; i < ADDED.size(); i++) {
      String[] f = rows.get(rows.size() - ADDED.size() + i);
      UkiSectionPlacement p = uki.placements().get(i);
      assertEquals(p.virtualAddress(), Long.parseLong(f[3], 16), f[1] + " VMA");
      assertEquals(p.pointerToRawData(), Long.parseLong(f[5], 16), f[1] + " file offset");
    }
    Path cmd = tmp.resolve("cmdline.bin");
    Tools.run("objcopy", "-O", "binary", "--only-section=.cmdline", out.toString(), cmd.toString())
        .ok();
    assertArrayEquals(CMDLINE.getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(cmd));
    Path linux = tmp.resolve("linux.bin");
    Tools.run("objcopy", "-O", "binary", "--only-section=.linux", out.toString(), linux.toString())
        .ok();
    byte[] k = Files.readAllBytes(kernel);
    byte[] got = Files.readAllBytes(linux);
    assertArrayEquals(k, java.util.Arrays.copyOf(got, k.length), ".linux holds the kernel");
    String p = Tools.run("objdump", "-p", out.toString()).ok().stdout();
    assertTrue(p.matches("(?s).*CheckSum\\s+00000000\\s.*"), p);
    assertTrue(p.contains("(EFI application)"), p);
  }

  /** pefile, as ukify loads PE files (fast_load), finds no warnings in the UKI. */
  @Test
  void testPefile_noWarnings() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      fail("/usr/bin/python3 is missing (Debian's python3, where python3-pefile installs)");
    }
    Path out = tmp.resolve("uki-pefile.efi");
    build(out);
    String py =
        "import pefile,sys\n"
            + "pe=pefile.PE(sys.argv[1], fast_load=True)\n"
            + "print('warnings', pe.get_warnings())\n"
            + "print(pe.OPTIONAL_HEADER.SizeOfImage, pe.FILE_HEADER.NumberOfSections)\n"
            + "assert not pe.get_warnings()\n";
    Tools.Result r = Tools.run(null, List.of("/usr/bin/python3", "-c", py, out.toString()));
    if (r.stderr().contains("No module named 'pefile'")) {
      Tools.require("pefile (python3-pefile)");
    }
    r.ok();
  }

  /** Boots the UKI as a plain EFI binary (BOOTX64.EFI on a FAT ESP written by mkddi). */
  @Test
  void testQemu_kernelStartsWithOurCmdline() throws Exception {
    Tools.require("qemu-system-x86_64", "timeout");
    Path code = Path.of("/usr/share/OVMF/OVMF_CODE.fd");
    if (!Files.isRegularFile(code)) {
      fail(code + " is missing (install ovmf: run .ci/install-tools)");
    }
    Path uki = tmp.resolve("boot.efi");
    build(uki);
    Path esp = tmp.resolve("esp.img");
    long size = 64L << 20;
    FatImage fs =
        FatWriter.plan(
            List.of(FatEntry.file("EFI/BOOT/BOOTX64.EFI", uki)),
            FatOptions.of(size, 1, "ESP", Instant.EPOCH));
    try (FileChannel ch =
        FileChannel.open(esp, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      fs.write(ch, 0, ProgressListener.NONE);
      ch.write(ByteBuffer.allocate(1), size - 1);
    }
    Path vars = tmp.resolve("vars.fd");
    Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS.fd"), vars);
    Path log = tmp.resolve("serial.log");
    long start = System.nanoTime();
    Tools.run(
        null,
        List.of(
            "timeout",
            "300",
            "qemu-system-x86_64",
            "-accel",
            "tcg",
            "-m",
            "1024",
            "-nographic",
            "-no-reboot",
            "-nodefaults",
            "-drive",
            "if=pflash,format=raw,readonly=on,file=" + code,
            "-drive",
            "if=pflash,format=raw,file=" + vars,
            "-drive",
            "format=raw,file=" + esp,
            "-serial",
            "file:" + log));
    String serial = Files.readString(log, StandardCharsets.ISO_8859_1);
    System.out.printf("UkiIT: QEMU (TCG) boot took %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertTrue(serial.contains("Linux version " + kver), serial);
    assertTrue(serial.contains("Command line: " + CMDLINE), serial);
  }
}
