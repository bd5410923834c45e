import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.mkddi.fat.FatEntry;
import dev.mkddi.fat.FatOptions;
import dev.mkddi.fat.FatWriter;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.uki.UkiAssembler;
import dev.mkddi.uki.UkiSection;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Interim boot-test helper until `mkddi build` exists: writes the UKI and the ESP with mkddi's own
 * {@code dev.mkddi.uki} and {@code dev.mkddi.fat} code, from the root tree, as build will. Run as
 * a single-file program: {@code java -cp mkddi.jar JavaEsp.java TREE KVER CMDLINE UKI ESP
 * ESP_BYTES HIDDEN_SECTORS UKI_NAME}. Not thread-safe; a command-line tool.
 */
public final class JavaEsp {
  private JavaEsp() {}

  /**
   * @param a the arguments above
   * @throws Exception on any error
   */
  public static void main(String[] a) throws Exception {
    Path tree = Path.of(a[0]);
    String kver = a[1];
    Path efi = tree.resolve("usr/lib/systemd/boot/efi");
    Path modules = tree.resolve("usr/lib/modules/" + kver);
    Path uki = Path.of(a[3]);
    try (FileChannel ch = FileChannel.open(uki, CREATE, WRITE, TRUNCATE_EXISTING)) {
      UkiAssembler.assemble(
          efi.resolve("linuxx64.efi.stub"),
          List.of(
              UkiSection.file(".osrel", tree.resolve("usr/lib/os-release")),
              UkiSection.bytes(".cmdline", a[2].getBytes(StandardCharsets.UTF_8)),
              UkiSection.bytes(".uname", kver.getBytes(StandardCharsets.UTF_8)),
              UkiSection.file(".initrd", modules.resolve("initrd")),
              UkiSection.file(".linux", modules.resolve("vmlinuz"))),
          ch,
          ProgressListener.NONE);
    }
    Path sdboot = efi.resolve("systemd-bootx64.efi");
    List<FatEntry> entries =
        List.of(
            FatEntry.file("EFI/BOOT/BOOTX64.EFI", sdboot),
            FatEntry.file("EFI/systemd/systemd-bootx64.efi", sdboot),
            FatEntry.bytes(
                "loader/loader.conf", "timeout 0\neditor no\n".getBytes(StandardCharsets.UTF_8)),
            FatEntry.file("EFI/Linux/" + a[7], uki));
    FatOptions options =
        FatOptions.of(Long.parseLong(a[5]), 0x4d4b4444, "ESP", Instant.ofEpochSecond(1700000000))
            .withHiddenSectors(Long.parseLong(a[6]));
    try (FileChannel ch = FileChannel.open(Path.of(a[4]), CREATE, WRITE, READ, TRUNCATE_EXISTING)) {
      FatWriter.plan(entries, options).write(ch, 0, ProgressListener.NONE);
    }
  }
}
