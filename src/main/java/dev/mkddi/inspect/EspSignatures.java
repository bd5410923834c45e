package dev.mkddi.inspect;

import dev.mkddi.fat.FatReader;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.sign.AuthenticodeSignature;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.uki.PeCertificate;
import dev.mkddi.uki.PeSignatureReader;
import dev.mkddi.uki.PeSignatures;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Secure Boot side of {@code verify}: the Authenticode signatures of the PE files on the ESP
 * that the firmware and systemd-boot load ({@code EFI/BOOT/*.efi}, {@code EFI/systemd/*.efi},
 * {@code EFI/Linux/*.efi}). Each signature must verify over the file's image hash with its embedded
 * certificate (the firmware's db decides trust; mkddi names the signer); an unsigned file is
 * reported, not failed. Stateless.
 */
final class EspSignatures {
  static final String SECURE_BOOT = "secure-boot";
  private static final List<String> DIRECTORIES = List.of("EFI/BOOT", "EFI/systemd", "EFI/Linux");

  private EspSignatures() {}

  /**
   * @param ch the image
   * @param name the image name, for messages
   * @param parts its partitions
   * @return one check per PE file of every ESP, empty when the image has no ESP
   * @throws IOException when reading fails
   */
  static List<VerifyCheck> check(FileChannel ch, String name, List<InspectedPartition> parts)
      throws IOException {
    List<VerifyCheck> out = new ArrayList<>();
    for (InspectedPartition p : parts) {
      if (p.type() == null || p.type().designator() != PartitionDesignator.ESP) {
        continue;
      }
      try {
        FatReader fat = FatReader.open(ch, p.offset(), name);
        for (String dir : DIRECTORIES) {
          Optional<List<FatReader.Entry>> entries = fat.list(dir);
          if (entries.isEmpty()) {
            continue;
          }
          for (FatReader.Entry e : entries.get()) {
            if (!e.directory() && e.name().toLowerCase(Locale.ROOT).endsWith(".efi")) {
              out.add(file(fat, e, dir + "/" + e.name()));
            }
          }
        }
      } catch (ImageBuildException e) {
        out.add(
            VerifyCheck.failed(
                SECURE_BOOT, null, SlotResolver.describe(p) + ": " + e.getMessage()));
      }
    }
    return out;
  }

  private static VerifyCheck file(FatReader fat, FatReader.Entry e, String path)
      throws IOException {
    Path temp = Files.createTempFile("mkddi-esp-", ".efi");
    try {
      Files.write(temp, fat.read(e));
      PeSignatures s;
      try (FileChannel pe = FileChannel.open(temp, StandardOpenOption.READ)) {
        s = PeSignatureReader.read(pe, path);
      }
      if (!s.signed()) {
        return VerifyCheck.skipped(
            SECURE_BOOT, null, path + ": unsigned (no Authenticode signature)");
      }
      List<String> signers = new ArrayList<>();
      for (PeCertificate c : s.certificates()) {
        SignatureCheck check =
            AuthenticodeSignature.parse(c.content(), path).verify(s.imageDigest(), null);
        signers.add(
            check.signer().getSubjectX500Principal().getName()
                + " (certificate sha256 "
                + check.signerFingerprint()
                + ")");
      }
      return VerifyCheck.ok(
          SECURE_BOOT, null, path + ": Authenticode-signed by " + String.join(", ", signers));
    } catch (ImageBuildException x) {
      return VerifyCheck.failed(SECURE_BOOT, null, String.valueOf(x.getMessage()));
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
