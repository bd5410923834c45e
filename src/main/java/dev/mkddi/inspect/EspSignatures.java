package dev.mkddi.inspect;

import dev.mkddi.fat.FatReader;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.sign.AuthenticodeSignature;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.uki.PeCertificate;
import dev.mkddi.uki.PeSignatureReader;
import dev.mkddi.uki.PeSignatures;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Secure Boot side of {@code verify} and {@code inspect}: the Authenticode signatures of the PE
 * files on the ESP that the firmware and systemd-boot load ({@code EFI/BOOT/*.efi}, {@code
 * EFI/systemd/*.efi}, {@code EFI/Linux/*.efi}). Each signature must verify over the file's image
 * hash with its embedded certificate; the firmware's db decides trust, so mkddi names the signer,
 * and with a pinned Secure Boot certificate every file must carry a signature by it (an unsigned
 * file then fails too; without one it is reported, not failed). Stateless.
 */
final class EspSignatures {
  static final String SECURE_BOOT = "secure-boot";
  private static final List<String> DIRECTORIES = List.of("EFI/BOOT", "EFI/systemd", "EFI/Linux");

  /**
   * One PE file of the ESP and what its signatures say.
   *
   * @param path its path on the ESP ({@code EFI/BOOT/BOOTX64.EFI})
   * @param signers the signatures that verified, in file order; empty when unsigned
   * @param problem why a signature does not verify, or null
   */
  record EspFile(String path, List<SignatureCheck> signers, @Nullable String problem) {
    EspFile {
      signers = List.copyOf(signers);
    }
  }

  private EspSignatures() {}

  /**
   * @param ch the image
   * @param name the image name, for messages
   * @param parts its partitions
   * @param pinned the certificate every file must be signed by, or null
   * @return one check per PE file of every ESP, empty when the image has no ESP
   * @throws IOException when reading fails
   */
  static List<VerifyCheck> check(
      FileChannel ch, String name, List<InspectedPartition> parts, @Nullable X509Certificate pinned)
      throws IOException {
    List<VerifyCheck> out = new ArrayList<>();
    if (pinned != null && parts.stream().noneMatch(EspSignatures::isEsp)) {
      out.add(
          VerifyCheck.failed(
              SECURE_BOOT,
              null,
              "a Secure Boot certificate was given, but the image has no EFI system partition"));
    }
    for (InspectedPartition p : parts) {
      if (!isEsp(p)) {
        continue;
      }
      try {
        for (EspFile f : read(ch, name, p)) {
          out.add(check(f, pinned));
        }
      } catch (ImageBuildException e) {
        out.add(
            VerifyCheck.failed(
                SECURE_BOOT, null, SlotResolver.describe(p) + ": " + e.getMessage()));
      }
    }
    return out;
  }

  /**
   * @param p a partition
   * @return whether it is an EFI system partition
   */
  static boolean isEsp(InspectedPartition p) {
    return p.type() != null && p.type().designator() == PartitionDesignator.ESP;
  }

  /**
   * @param ch the image
   * @param name the image name, for messages
   * @param esp an EFI system partition
   * @return its PE files, in directory order
   * @throws ImageBuildException when its FAT file system is malformed
   * @throws IOException when reading fails
   */
  static List<EspFile> read(FileChannel ch, String name, InspectedPartition esp)
      throws IOException {
    List<EspFile> out = new ArrayList<>();
    FatReader fat = FatReader.open(ch, esp.offset(), name);
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
    return out;
  }

  private static VerifyCheck check(EspFile f, @Nullable X509Certificate pinned) {
    if (f.problem() != null) {
      return VerifyCheck.failed(SECURE_BOOT, null, f.problem());
    }
    if (f.signers().isEmpty()) {
      return pinned == null
          ? VerifyCheck.skipped(
              SECURE_BOOT, null, f.path() + ": unsigned (no Authenticode signature)")
          : VerifyCheck.failed(
              SECURE_BOOT,
              null,
              f.path()
                  + ": unsigned (no Authenticode signature), expected one by the Secure Boot"
                  + " certificate "
                  + Certificates.describe(pinned));
    }
    String signers = String.join(", ", f.signers().stream().map(EspSignatures::signer).toList());
    if (pinned != null) {
      String want = Certificates.fingerprint(pinned);
      if (f.signers().stream().noneMatch(c -> c.signerFingerprint().equals(want))) {
        return VerifyCheck.failed(
            SECURE_BOOT,
            null,
            f.path()
                + ": Authenticode-signed by "
                + signers
                + ", not by the Secure Boot certificate "
                + Certificates.describe(pinned));
      }
      return VerifyCheck.ok(
          SECURE_BOOT,
          null,
          f.path() + ": Authenticode-signed by the given Secure Boot certificate " + signers);
    }
    return VerifyCheck.ok(SECURE_BOOT, null, f.path() + ": Authenticode-signed by " + signers);
  }

  private static String signer(SignatureCheck c) {
    return c.signer().getSubjectX500Principal().getName()
        + " (certificate sha256 "
        + c.signerFingerprint()
        + ")";
  }

  private static EspFile file(FatReader fat, FatReader.Entry e, String path) throws IOException {
    Path temp = Files.createTempFile("mkddi-esp-", ".efi");
    try {
      Files.write(temp, fat.read(e));
      PeSignatures s;
      try (FileChannel pe = FileChannel.open(temp, StandardOpenOption.READ)) {
        s = PeSignatureReader.read(pe, path);
      }
      List<SignatureCheck> signers = new ArrayList<>();
      for (PeCertificate c : s.certificates()) {
        signers.add(AuthenticodeSignature.parse(c.content(), path).verify(s.imageDigest(), null));
      }
      return new EspFile(path, signers, null);
    } catch (ImageBuildException x) {
      return new EspFile(path, List.of(), String.valueOf(x.getMessage()));
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
