package dev.mkddi.builder;

import dev.mkddi.description.Bootloader;
import dev.mkddi.description.BootloaderSpec;
import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.PartitionRole;
import dev.mkddi.fat.FatEntry;
import dev.mkddi.fat.FatOptions;
import dev.mkddi.fat.FatWriter;
import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sidecar.UpdateFiles;
import dev.mkddi.sign.AuthenticodeSigner;
import dev.mkddi.uki.PeSigner;
import dev.mkddi.uki.UkiAssembler;
import dev.mkddi.uki.UkiSection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The boot side of an image: assembles the UKI from systemd-stub, the kernel, the initrd,
 * os-release and the command line, and writes the ESP — systemd-boot at the firmware's fallback
 * path and at its own, {@code loader/loader.conf}, and the UKI under {@code EFI/Linux/}. With a
 * Secure Boot key, systemd-boot (its copy in the work directory) and the UKI (the {@code .efi}
 * beside the image) are Authenticode-signed in place before they go into the ESP. The FAT's logical
 * sector size is the disk's (as systemd-repart's {@code mkfs.vfat -S}), so Linux mounts it on a 4Kn
 * disk. Stateless.
 */
final class WriteBootStep {
  private static final String ESP_LABEL = "ESP";

  /**
   * Room for an ECDSA signature longer than the probe's: the DER encoding of r and s varies by a
   * few bytes with their leading bits.
   */
  private static final int SIGNATURE_SLACK = 16;

  private WriteBootStep() {}

  /**
   * Finds the boot files when the image has an ESP and systemd-boot boots a UKI from it; warns that
   * the ESP stays empty when the firmware asks for one without systemd-boot.
   *
   * @param ctx the build context
   * @param files the root tree
   * @param work the work directory to copy them into
   * @return the boot files, or empty when the image does not boot with systemd-boot
   * @throws IOException when a file cannot be found or copied
   */
  static Optional<BootFiles> findBootFiles(BuildContext ctx, TreeFiles files, Path work)
      throws IOException {
    DiskSpec disk = ctx.description().disk();
    if (!disk.firmware().hasEsp()) {
      return Optional.empty();
    }
    Optional<BootloaderSpec> bl = disk.bootloader();
    if (bl.isEmpty() || bl.get().name() != Bootloader.SYSTEMD_BOOT) {
      ctx.listener()
          .warn(
              ctx.description().file().getFileName()
                  + ": firmware=\""
                  + disk.firmware().kiwiName()
                  + "\" without <bootloader name=\"systemd_boot\">: the ESP is left empty");
      return Optional.empty();
    }
    BootFiles boot = BootFiles.find(files, bl.get().uki(), ctx.architecture(), work);
    if (ctx.secureBootKey().isPresent()) {
      sign(ctx, boot.systemdBoot(), "systemd-boot " + boot.systemdBootPath());
    }
    return Optional.of(boot);
  }

  /** Authenticode-signs a PE file in place with the Secure Boot key. */
  private static void sign(BuildContext ctx, Path file, String name) throws IOException {
    AuthenticodeSigner signer = new AuthenticodeSigner(ctx.secureBootKey().orElseThrow());
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      PeSigner.sign(ch, ch, name, signer::sign, ctx.listener());
    }
  }

  /**
   * Writes the ESP, when the image has one: empty without boot files, else with systemd-boot and
   * the UKI, which is also written as {@code <base>.efi}.
   *
   * @param ctx the build context
   * @param image the disk image
   * @param boot the boot files, when the image boots with systemd-boot
   * @param cmdline the final command line
   * @param outputs where the UKI file goes
   * @return the assembled UKI (under its temporary name), when the image has one
   * @throws IOException on a read or write failure
   */
  static Optional<Path> run(
      BuildContext ctx,
      DiskPlan plan,
      FileChannel image,
      Optional<BootFiles> boot,
      KernelCommandLine cmdline,
      Outputs outputs)
      throws IOException {
    Optional<PlannedPartition> esp = plan.find(PartitionRole.ESP);
    if (esp.isEmpty()) {
      return Optional.empty();
    }
    Instant time = ctx.sourceDateEpoch().orElse(plan.filesystem().buildTime());
    if (boot.isEmpty()) {
      writeEmptyEsp(ctx, image, esp.get(), plan.sectorSize(), time);
      return Optional.empty();
    }
    AtomicFile uki = outputs.create(ctx.sideFiles().uki());
    writeUki(boot.get(), cmdline.toString(), uki.channel(), ctx.listener());
    if (ctx.secureBootKey().isPresent()) {
      AuthenticodeSigner signer = new AuthenticodeSigner(ctx.secureBootKey().get());
      PeSigner.sign(uki.channel(), uki.channel(), ukiPath(ctx), signer::sign, ctx.listener());
    }
    writeEsp(ctx, boot.get(), uki.temp(), image, esp.get(), plan.sectorSize(), time);
    return Optional.of(uki.temp());
  }

  /**
   * @param boot the boot files
   * @param cmdline the command line (without the final newline)
   * @return the UKI sections in any order (the assembler orders them)
   */
  static List<UkiSection> sections(BootFiles boot, String cmdline) {
    List<UkiSection> s = new ArrayList<>();
    s.add(UkiSection.bytes(".osrel", boot.osRelease()));
    s.add(UkiSection.bytes(".cmdline", cmdline.getBytes(StandardCharsets.UTF_8)));
    if (boot.kernelVersion() != null) {
      s.add(UkiSection.bytes(".uname", boot.kernelVersion().getBytes(StandardCharsets.US_ASCII)));
    }
    if (boot.splash() != null) {
      s.add(UkiSection.file(".splash", boot.splash()));
    }
    if (boot.devicetree() != null) {
      s.add(UkiSection.file(".dtb", boot.devicetree()));
    }
    s.add(UkiSection.file(".initrd", boot.initrd()));
    s.add(UkiSection.file(".linux", boot.kernel()));
    return s;
  }

  /**
   * The smallest ESP that holds the boot files, computed with a stand-in UKI of the final size (the
   * command line's length is known before the root hash is; a signature's length from a probe
   * signature, with some slack). An A/B image's ESP holds one UKI per slot: room is left for a
   * second one, a quarter larger than this version's, which a later version installs beside it.
   *
   * @param ctx the build context
   * @param boot the boot files
   * @param placeholderCmdline a command line of the final length
   * @param work the work directory
   * @return the minimum ESP size in bytes
   * @throws IOException when a file cannot be read
   */
  static long minimumSize(BuildContext ctx, BootFiles boot, String placeholderCmdline, Path work)
      throws IOException {
    long ukiLength = UkiAssembler.plan(boot.stub(), sections(boot, placeholderCmdline)).length();
    if (ctx.secureBootKey().isPresent()) {
      byte[] probe =
          new AuthenticodeSigner(ctx.secureBootKey().get())
              .sign(new byte[AuthenticodeSigner.DIGEST_LENGTH]);
      ukiLength = PeSigner.signedLength(ukiLength, probe.length + SIGNATURE_SLACK);
    }
    Path standIn = work.resolve("uki-size.efi");
    try (RandomAccessFile f = new RandomAccessFile(standIn.toFile(), "rw")) {
      f.setLength(ukiLength);
    }
    List<FatEntry> entries = new ArrayList<>(entries(ctx, boot, standIn));
    if (ctx.description().disk().updateSlots() == 2) {
      Path next = work.resolve("uki-next-size.efi");
      try (RandomAccessFile f = new RandomAccessFile(next.toFile(), "rw")) {
        f.setLength(Math.addExact(ukiLength, ukiLength / 4));
      }
      entries.add(
          FatEntry.file(
              "EFI/Linux/" + UpdateFiles.ukiFile(ctx.description().name(), "next+3-0"), next));
    }
    int sectorSize = ctx.description().disk().targetBlockSize();
    FatOptions o = FatOptions.of(1 << 20, 0, ESP_LABEL, Instant.EPOCH).withSectorSize(sectorSize);
    return FatWriter.minimumSize(entries, o);
  }

  /**
   * Assembles the UKI.
   *
   * @param boot the boot files
   * @param cmdline the command line (without the final newline)
   * @param out where to write it (from offset 0)
   * @param listener progress
   * @throws IOException on a read or write failure, or a stub without room
   */
  static void writeUki(BootFiles boot, String cmdline, FileChannel out, ProgressListener listener)
      throws IOException {
    UkiAssembler.assemble(boot.stub(), sections(boot, cmdline), out, listener);
  }

  /**
   * Writes the ESP file system into its partition.
   *
   * @param ctx the build context
   * @param boot the boot files
   * @param uki the assembled UKI
   * @param image the disk image
   * @param esp the ESP partition
   * @param sectorSize the disk's sector size
   * @param time the file time stamps
   * @throws IOException on a read or write failure
   */
  static void writeEsp(
      BuildContext ctx,
      BootFiles boot,
      Path uki,
      FileChannel image,
      PlannedPartition esp,
      int sectorSize,
      Instant time)
      throws IOException {
    write(ctx, entries(ctx, boot, uki), image, esp, sectorSize, time);
  }

  /**
   * Writes an empty FAT file system into the ESP (firmware without systemd-boot).
   *
   * @param ctx the build context
   * @param image the disk image
   * @param esp the ESP partition
   * @param sectorSize the disk's sector size
   * @param time the time stamps
   * @throws IOException on a write failure
   */
  static void writeEmptyEsp(
      BuildContext ctx, FileChannel image, PlannedPartition esp, int sectorSize, Instant time)
      throws IOException {
    write(ctx, List.of(), image, esp, sectorSize, time);
  }

  private static void write(
      BuildContext ctx,
      List<FatEntry> entries,
      FileChannel image,
      PlannedPartition esp,
      int sectorSize,
      Instant time)
      throws IOException {
    byte[] seed = SeedDerivation.bytes(ctx.derive().derive("esp-volume-id"));
    FatOptions o =
        FatOptions.of(esp.size(), FatOptions.volumeIdFromSeed(seed), ESP_LABEL, time)
            .withSectorSize(sectorSize)
            .withHiddenSectors(esp.offset() / sectorSize);
    FatWriter.plan(entries, o).write(image, esp.offset(), ctx.listener());
  }

  /**
   * @param ctx the build context
   * @return the UKI's path on the ESP, {@code EFI/Linux/<name>-<version>.efi}; for an A/B image
   *     {@code EFI/Linux/<name>_<version>.efi}, the name systemd-sysupdate's UKI transfer matches
   *     ({@link UpdateFiles#ukiTargetPatterns}), without a boot counter: the image's first version
   *     is known to be good
   */
  static String ukiPath(BuildContext ctx) {
    String name = ctx.description().name();
    String version = ctx.description().version();
    return "EFI/Linux/"
        + (ctx.description().disk().updateSlots() == 2
            ? UpdateFiles.ukiFile(name, version)
            : name + "-" + version + ".efi");
  }

  private static List<FatEntry> entries(BuildContext ctx, BootFiles boot, Path uki) {
    return List.of(
        FatEntry.file(boot.fallbackBootPath(), boot.systemdBoot()),
        FatEntry.file(boot.systemdBootPath(), boot.systemdBoot()),
        FatEntry.bytes("loader/loader.conf", loaderConf(ctx)),
        FatEntry.file(ukiPath(ctx), uki));
  }

  private static byte[] loaderConf(BuildContext ctx) {
    StringBuilder sb = new StringBuilder();
    OptionalInt timeout =
        ctx.description()
            .disk()
            .bootloader()
            .map(BootloaderSpec::timeout)
            .orElse(OptionalInt.empty());
    if (timeout.isPresent()) {
      sb.append("timeout ").append(timeout.getAsInt()).append('\n');
    }
    sb.append("editor no\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
