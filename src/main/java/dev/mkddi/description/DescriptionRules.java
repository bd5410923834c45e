package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptConstants;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.Pkcs11Uri;
import dev.mkddi.sign.SigningKey;
import dev.mkddi.tree.Name;
import dev.mkddi.uki.KernelParameter;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityHashType;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules between fields that {@code build} checks before any work starts and {@code describe}
 * reports as problems. Stateless.
 */
final class DescriptionRules {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+~-]+");
  private static final Pattern UKI_VERSION = Pattern.compile("[A-Za-z0-9._-]*");

  /** Partition sizes are 4 KiB-aligned. */
  private static final long ALIGN = 4096;

  private DescriptionRules() {}

  /**
   * {@code root=} and {@code roothash=} are mkddi's to set; control characters have no place on a
   * command line.
   */
  static void checkCmdline(String cmdline, Optional<XmlAttribute> attr, Findings findings) {
    for (int i = 0; i < cmdline.length(); i++) {
      char c = cmdline.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        findings.problem(
            attr.orElseThrow().location(),
            String.format(
                "<type kernelcmdline>: control character U+%04X at offset %d: use spaces"
                    + " between parameters",
                (int) c, i));
        return;
      }
    }
    if (!KernelParameter.quotesBalanced(cmdline)) {
      findings.problem(
          attr.orElseThrow().location(),
          "<type kernelcmdline>: unbalanced '\"' in kernel command line: " + cmdline);
      return;
    }
    for (KernelParameter p : KernelParameter.split(cmdline)) {
      if (p.overridesVerityRoot()) {
        findings.problem(
            attr.orElseThrow().location(),
            "<type kernelcmdline>: remove "
                + p.text()
                + ": mkddi adds roothash=<hash>, which makes the root /dev/mapper/root"
                + (p.is("root") ? "" : " (the hash is only known after the build)"));
      }
    }
  }

  /**
   * The attribute and option names of one kind of key, for messages.
   *
   * @param keyAttribute the description's attribute naming the key
   * @param keyOption the command-line option replacing it
   * @param certificateAttribute the description's attribute naming the certificate
   * @param certificateOption the command-line option replacing it
   * @param signed what the key signs, for the warning about a certificate without a key
   */
  record KeyNames(
      String keyAttribute,
      String keyOption,
      String certificateAttribute,
      String certificateOption,
      String signed) {
    /** The verity root-hash signature. */
    static final KeyNames VERITY =
        new KeyNames(
            "verity_signature_key",
            "--signing-key",
            "verity_signature_certificate",
            "--certificate",
            "the image");

    /** Secure Boot's Authenticode signatures. */
    static final KeyNames SECURE_BOOT =
        new KeyNames(
            "secure_boot_key",
            "--secure-boot-key",
            "secure_boot_certificate",
            "--secure-boot-certificate",
            "the boot chain");
  }

  /**
   * A required signature needs a key and a certificate; a PEM key needs its certificate, and both
   * must exist and match. A key in a PKCS#11 token ({@code pkcs11:} URI) must be a valid URI; it
   * may take its certificate from the token, and the pair is checked when the build opens it (that
   * needs the PIN).
   *
   * @param key a PEM file or a PKCS#11 URI
   * @return the algorithm of the certificate's public key ({@code RSA}, {@code EC}, …) when the
   *     certificate exists and could be read
   */
  static Optional<String> checkSigning(
      boolean required,
      Location requiredAt,
      KeyNames names,
      Optional<String> key,
      Location keyAt,
      Optional<Path> cert,
      Location certAt,
      Findings findings) {
    boolean token = key.isPresent() && Pkcs11Uri.isUri(key.get());
    if (required && key.isEmpty()) {
      findings.problem(
          requiredAt,
          "verity_signature_required=\"true\" needs a signing key: set "
              + names.keyAttribute()
              + " or pass "
              + names.keyOption()
              + " (or build with --defer-signature and sign with mkddi sign)");
    }
    if (required && cert.isEmpty() && !token) {
      findings.problem(
          requiredAt,
          "verity_signature_required=\"true\" needs a certificate: set "
              + names.certificateAttribute()
              + " or pass "
              + names.certificateOption());
    }
    if (!required && key.isPresent() && !token && cert.isEmpty()) {
      findings.problem(
          keyAt,
          "a signing key needs its certificate: set "
              + names.certificateAttribute()
              + " or pass "
              + names.certificateOption());
    }
    if (key.isEmpty() && cert.isPresent()) {
      findings.warn(
          certAt, "a certificate without a signing key: " + names.signed() + " is not signed");
    }
    if (token) {
      try {
        Pkcs11Uri.parse(key.get(), "the key URI");
      } catch (InvalidInputException e) {
        findings.problem(keyAt, String.valueOf(e.getMessage()));
      }
    }
    boolean keyOk =
        key.isPresent() && !token && exists(Path.of(key.get()), keyAt, "signing key", findings);
    boolean certOk = cert.isPresent() && exists(cert.get(), certAt, "certificate", findings);
    Optional<String> algorithm = Optional.empty();
    if (certOk) {
      X509Certificate c;
      try {
        c = Certificates.load(cert.get());
      } catch (IOException e) {
        // named where the certificate was given (--certificate or its attribute), not the key
        findings.problem(certAt, String.valueOf(e.getMessage()));
        return algorithm;
      }
      algorithm = Optional.of(c.getPublicKey().getAlgorithm());
      if (keyOk) {
        try {
          SigningKey.loadUnlessEncrypted(Path.of(key.get()), c, cert.get().toString());
        } catch (IOException e) {
          findings.problem(keyAt, String.valueOf(e.getMessage()));
        }
      }
    }
    return algorithm;
  }

  /**
   * @param written a key as the description names it
   * @param dir the description directory
   * @return a PKCS#11 URI as written, or the PEM file resolved against {@code dir}
   */
  static String resolveKey(String written, Path dir) {
    return Pkcs11Uri.isUri(written) ? written : dir.resolve(written).toString();
  }

  /** A referenced file must exist. */
  static boolean exists(Path file, Location at, String what, Findings findings) {
    if (Files.isRegularFile(file)) {
      return true;
    }
    findings.problem(
        at,
        what + " " + file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
    return false;
  }

  /** The version goes into file names. */
  static void checkVersion(String version, Location at, Findings findings) {
    if (!VERSION.matcher(version).matches()) {
      findings.problem(
          at,
          "<version> \""
              + version
              + "\" cannot be part of a file name: use"
              + " letters, digits and . _ + ~ -");
    }
  }

  /**
   * The UKI's file name on the ESP is {@code EFI/Linux/<name>-<version>.efi}; systemd-boot reads a
   * {@code +} there as the start of a boot-counting suffix ({@code +LEFT[-DONE]}).
   *
   * @param disk the disk (whether it gets a UKI)
   * @param at where the version is
   * @param findings where problems go
   */
  static void checkUkiVersion(String version, DiskSpec disk, Location at, Findings findings) {
    if (disk.bootloader().isPresent() && !UKI_VERSION.matcher(version).matches()) {
      findings.problem(
          at,
          "<version> \""
              + version
              + "\" cannot be part of the UKI's name EFI/Linux/<name>-<version>.efi (systemd-boot"
              + " reads '+' as boot counting): use letters, digits and . _ -");
    }
  }

  /**
   * An A/B image updated by systemd-sysupdate carries its version in partition labels and file
   * names that sysupdate's patterns ({@code <name>_@v_@u.root.raw}) split at the first {@code _}
   * after the version: the version must be one sysupdate accepts and hold no {@code _}.
   *
   * @param disk the disk (whether it has update artifacts or definitions)
   * @param at where the version is
   * @param findings where problems go
   */
  static void checkUpdateVersion(String version, DiskSpec disk, Location at, Findings findings) {
    UpdateSpec u = disk.update();
    if ((u.artifacts() || u.source().isPresent())
        && (!Versions.validForSysupdate(version) || version.contains("_"))) {
      findings.problem(
          at,
          "<version> \""
              + version
              + "\" cannot be matched by systemd-sysupdate's pattern <name>_@v_@u: use letters,"
              + " digits and . , - (no _)");
    }
  }

  /**
   * The size of a verity partition (superblock, then the tree), 4 KiB-aligned, as {@code build}
   * sizes it: what it needs at least for {@code veritypartsize}.
   *
   * @param dataBlocks the data blocks the tree covers, at least 1
   * @param hash the hash algorithm
   * @param dataBlockSize the data block size, a power of two from 512 to 65536
   * @param hashBlockSize the hash block size, a power of two from 512 to 65536
   * @return bytes
   * @throws IllegalArgumentException when the tree is larger than the kernel allows
   */
  static long hashPartitionSize(
      long dataBlocks, HashAlgorithm hash, int dataBlockSize, int hashBlockSize) {
    VerityHash verityHash;
    try {
      verityHash = VerityHash.parse(hash.kernelName());
    } catch (InvalidInputException e) {
      throw new IllegalStateException(e);
    }
    VerityParams params =
        new VerityParams(
            verityHash,
            dataBlockSize,
            hashBlockSize,
            VerityHashType.NORMAL,
            new byte[0],
            new UUID(0, 0),
            true,
            0,
            dataBlocks);
    long bytes = VerityGeometry.of(params).hashDeviceSize();
    return Math.multiplyExact((bytes + ALIGN - 1) / ALIGN, ALIGN);
  }

  /**
   * The name and version make the A/B partition labels ({@code <name>_<version>_verity_sig}, at
   * most 36 UTF-16 code units) and the output file names; the longest, {@code
   * <name>.<arch>-<version>.root-<arch>-verity-sig.raw.tmp} (with {@code --split}), must fit in
   * NAME_MAX.
   *
   * @param baseName {@code <name>.<arch>-<version>}
   * @param slotName {@code <name>_<version>}
   * @param dpsArch the architecture in DPS spelling, e.g. {@code x86-64}
   * @param disk the disk, for the partitions it has
   * @param at where the name is
   * @param findings where problems go
   */
  static void checkNames(
      String baseName,
      Architecture arch,
      DiskSpec disk,
      DiskLayout layout,
      Location at,
      Findings findings) {
    if (disk.updateSlots() == 2) {
      String longest = "";
      for (DiskLayout.Entry e : layout.partitions()) {
        if (e.role() != PartitionRole.EXTRA && e.label().length() > longest.length()) {
          longest = e.label();
        }
      }
      if (longest.length() > GptConstants.NAME_MAX_UNITS) {
        findings.problem(
            at,
            "the A/B partition label \""
                + longest
                + "\" is "
                + longest.length()
                + " UTF-16 code units long; GPT allows at most "
                + GptConstants.NAME_MAX_UNITS
                + ": shorten the image name or the <version>");
      }
    }
    String suffix = ".root-" + arch.canonicalName() + "-verity-sig.raw.tmp";
    int bytes = (baseName + suffix).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > Name.MAX_LENGTH) {
      findings.problem(
          at,
          "the output file name <name>.<arch>-<version>"
              + suffix
              + " (with --split) would be "
              + bytes
              + " bytes; a file name holds at most "
              + Name.MAX_LENGTH
              + ": shorten the image name or the <version>");
    }
  }

  /** Some root content is needed. */
  static void checkRootContent(List<RootSource> sources, Location at, Findings findings) {
    if (sources.isEmpty()) {
      findings.problem(
          at,
          "no root content: add <packages type=\"image\"><archive name=…/>,"
              + " a root/ directory or root.tar.gz next to the description");
    }
  }

  /** A fixed disk size must hold the partitions of fixed size. */
  static void checkFits(DiskLayout layout, DiskSpec disk, Location at, Findings findings) {
    if (disk.size().isEmpty() || disk.size().get().additive()) {
      return;
    }
    try {
      long need = layout.minimumDiskSize();
      long have = disk.size().get().bytes();
      if (have < need) {
        findings.problem(
            at,
            "<size> "
                + Sizes.human(have)
                + " is smaller than the partitions"
                + " of fixed size need ("
                + Sizes.human(need)
                + " without the root filesystem)");
      }
    } catch (ArithmeticException e) {
      findings.problem(at, "the partition sizes add up to more than 8 EiB");
    }
  }
}
