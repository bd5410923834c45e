package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import dev.mkddi.sign.Pkcs11Uri;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Resolves the chosen {@code <type>} into a {@link DiskSpec}. Values the schema accepts but mkddi
 * cannot build, and rules between fields, become problems (with a usable default in the record), so
 * that {@code describe} can still show the plan. Not thread-safe (one per load).
 */
final class TypeReader {
  private final XmlElement type;
  private final Path dir;
  private final LoadOptions options;
  private final Findings findings;
  private final Set<String> generatedLabels;

  /**
   * @param generatedLabels the GPT labels mkddi gives the partitions it makes
   */
  TypeReader(
      XmlElement type,
      Path dir,
      LoadOptions options,
      Set<String> generatedLabels,
      Findings findings) {
    this.type = type;
    this.dir = dir;
    this.options = options;
    this.generatedLabels = generatedLabels;
    this.findings = findings;
  }

  DiskSpec read() {
    boolean overlayRoot = OverlayRootReader.requested(type);
    RootFilesystemSpec root =
        new RootFilesystemReader(type, options.arch(), overlayRoot, findings).read();
    Optional<OverlayRootSpec> overlay =
        new OverlayRootReader(type, options.tools(), findings).read();
    if (type.attribute("luks").isPresent()) {
      // kiwi encrypts whenever the attribute is there, even empty (an empty passphrase)
      problem(
          "luks",
          "mkddi does not encrypt, and a description that asks for LUKS must not become an"
              + " unencrypted image; a DDI's root is read-only and protected by dm-verity (remove"
              + " luks to build it so)");
    }
    Firmware firmware = firmware();
    long esp = megabytes("efipartsize").orElse(DiskSpec.DEFAULT_EFI_PARTITION_SIZE);
    if (type.attribute("efipartsize").isPresent() && !firmware.hasEsp()) {
      findings.warn(
          type.attribute("efipartsize").get().location(),
          "<type efipartsize> ignored: without firmware=\"efi\" the disk has no ESP");
    }
    String label = type.value("rootfs_label").orElse(DiskSpec.DEFAULT_ROOTFS_LABEL);
    int sector = 512;
    if (type.attribute("target_blocksize").isPresent()) {
      OptionalLong v = Sizes.times(type.value("target_blocksize").get(), 1);
      if (v.isPresent() && (v.getAsLong() == 512 || v.getAsLong() == 4096)) {
        sector = (int) v.getAsLong();
      } else {
        problem("target_blocksize", "mkddi writes disks with 512 or 4096-byte sectors");
      }
    }
    String cmdline = type.value("kernelcmdline").orElse("").strip();
    DescriptionRules.checkCmdline(cmdline, type.attribute("kernelcmdline"), findings);
    int slots = type.value("update_slots").map(String::strip).orElse("1").equals("2") ? 2 : 1;
    OptionalLong slotSize = megabytes("update_slot_size");
    if (slots == 2 && type.attribute("update_slot_size").isEmpty()) {
      findings.warn(
          type.attribute("update_slots").get().location(),
          "update_slots=\"2\" without"
              + " update_slot_size: slot B is only as large as this version's root, so a later,"
              + " bigger version will not fit");
    }
    Optional<BootloaderSpec> bootloader =
        new BootloaderReader(type, dir, firmware, options.signing(), findings).read();
    Optional<DiskSize> size = diskSize();
    List<PartitionSpec> parts = new PartitionReader(type, generatedLabels, findings).read();
    VeritySpec verity = verity(slotSize);
    return new DiskSpec(
        root,
        firmware,
        esp,
        cmdline,
        label,
        sector,
        verity,
        slots,
        slotSize,
        bootloader,
        size,
        parts,
        update(slots, verity, bootloader),
        overlay);
  }

  /** The update_* attributes: what a build writes for systemd-sysupdate. */
  private UpdateSpec update(int slots, VeritySpec verity, Optional<BootloaderSpec> bootloader) {
    UpdateSpec none = UpdateSpec.none();
    boolean artifacts = bool("update_artifacts").orElse(false);
    Optional<String> source = type.value("update_source").map(String::strip);
    if (source.isPresent() && !UpdateSpec.validSource(source.get())) {
      problem(
          "update_source",
          "expected an http://, https:// or file:/// URL, or an absolute, normalized directory");
      source = Optional.empty();
    }
    UpdateCompression compression = none.compression();
    if (type.attribute("update_compression").isPresent()) {
      Optional<UpdateCompression> c =
          UpdateCompression.of(type.value("update_compression").get().strip());
      if (c.isEmpty()) {
        problem("update_compression", "expected none, xz or zstd");
      } else {
        compression = c.get();
      }
    }
    int tries = none.tries();
    if (type.attribute("update_tries").isPresent()) {
      OptionalLong t = Sizes.times(type.value("update_tries").get().strip(), 1);
      if (t.isEmpty() || t.getAsLong() > 99) {
        problem("update_tries", "expected 0 (no boot counting) to 99");
      } else {
        tries = (int) t.getAsLong();
      }
      if (bootloader.isEmpty()) {
        findings.warn(
            type.attribute("update_tries").get().location(),
            "<type update_tries> ignored: without <bootloader> there is no UKI to count boots of");
      }
    }
    boolean wanted = artifacts || source.isPresent();
    if (wanted && slots != 2) {
      problem(
          artifacts ? "update_artifacts" : "update_source",
          "systemd-sysupdate updates an A/B image: it needs update_slots=\"2\"");
    } else if (wanted && verity.layout() != VerityLayout.PARTITION) {
      problem(
          artifacts ? "update_artifacts" : "update_source",
          "update artifacts are the root, verity and signature partitions: it needs"
              + " verity_partition=\"true\"");
    }
    return new UpdateSpec(artifacts, source, compression, tries);
  }

  private Firmware firmware() {
    String f = type.value("firmware").orElse("none").strip();
    switch (f) {
      case "none":
        return Firmware.NONE;
      case "efi":
      case "uefi":
        if (!Firmware.UEFI_ARCHITECTURES.contains(options.arch())) {
          problem(
              "firmware",
              options.arch().unameName()
                  + " has no UEFI firmware, so neither systemd-boot nor a UKI can boot it (kiwi"
                  + " refuses it too); leave firmware out for a disk without an ESP");
          return Firmware.NONE;
        }
        return f.equals("efi") ? Firmware.EFI : Firmware.UEFI;
      default:
        problem(
            "firmware",
            "a DDI is a GPT disk booted by UEFI: use firmware=\"efi\" or"
                + " \"uefi\", or leave it out for no ESP");
        return Firmware.NONE;
    }
  }

  private VeritySpec verity(OptionalLong slotSize) {
    OptionalLong blocks = OptionalLong.empty();
    String vb = type.value("verity_blocks").orElse("all").strip();
    if (!vb.equals("all")) {
      blocks = Sizes.times(vb, 1);
      if (blocks.isEmpty() || blocks.getAsLong() == 0) {
        problem("verity_blocks", "expected \"all\" or a block count above 0");
        blocks = OptionalLong.empty();
      }
    }
    boolean embed = bool("embed_verity_metadata").orElse(false);
    Optional<Boolean> separate = bool("verity_partition");
    if (embed && separate.orElse(false)) {
      problem(
          "verity_partition",
          "embed_verity_metadata=\"true\" and verity_partition=\"true\""
              + " exclude each other (kiwi #2801): the metadata block lives inside the root"
              + " partition");
      embed = false;
    }
    VerityLayout layout = separate.orElse(!embed) ? VerityLayout.PARTITION : VerityLayout.IN_ROOT;
    OptionalLong partSize = megabytes("veritypartsize");
    if (partSize.isPresent() && layout != VerityLayout.PARTITION) {
      problem(
          "veritypartsize",
          "there is no verity partition to size: the hash tree is inside the root partition"
              + " (verity_partition=\"false\" or embed_verity_metadata=\"true\")");
    }
    HashAlgorithm hash = HashAlgorithm.SHA256;
    for (HashAlgorithm h : HashAlgorithm.values()) {
      if (type.value("verity_hash_algorithm").orElse("sha256").strip().equals(h.kernelName())) {
        hash = h;
      }
    }
    int dataBlock = blockSize("verity_data_block_size");
    int hashBlock = blockSize("verity_hash_block_size");
    if (partSize.isPresent() && layout == VerityLayout.PARTITION && slotSize.isPresent()) {
      long slotBlocks = slotSize.getAsLong() / dataBlock;
      long dataBlocks = Math.min(blocks.orElse(slotBlocks), slotBlocks);
      long needed = DescriptionRules.hashPartitionSize(dataBlocks, hash, dataBlock, hashBlock);
      if (partSize.getAsLong() < needed) {
        problem(
            "veritypartsize",
            "too small for the hash tree of update_slot_size=\""
                + type.value("update_slot_size").orElseThrow().strip()
                + "\", which needs "
                + needed
                + " bytes ("
                + (needed + Sizes.MIB - 1) / Sizes.MIB
                + " MiB)");
      }
    }
    SignatureSpec signature = signature(embed, layout);
    return new VeritySpec(layout, embed, blocks, hash, dataBlock, hashBlock, partSize, signature);
  }

  /**
   * @param embed whether kiwi's metadata block is wanted: then {@link KiwiMetadataKey}'s rule
   *     applies, to the key algorithm of the certificate (the key may be encrypted); a missing or
   *     unreadable key or certificate is already a problem of its own
   * @param layout where the hash tree goes: a deferred signature needs the signature partition
   * @return the key and certificate, from the options or the description
   */
  private SignatureSpec signature(boolean embed, VerityLayout layout) {
    boolean required = bool("verity_signature_required").orElse(false);
    SigningOptions cli = options.signing();
    Optional<String> key = cli.verityKey();
    Location keyAt = Location.of(Path.of("--signing-key"));
    if (key.isEmpty() && type.attribute("verity_signature_key").isPresent()) {
      key =
          Optional.of(
              DescriptionRules.resolveKey(type.value("verity_signature_key").get().strip(), dir));
      keyAt = type.attribute("verity_signature_key").get().location();
    }
    Optional<Path> cert = cli.verityCertificate();
    Location certAt = Location.of(Path.of("--certificate"));
    if (cert.isEmpty() && type.attribute("verity_signature_certificate").isPresent()) {
      cert = Optional.of(dir.resolve(type.value("verity_signature_certificate").get().strip()));
      certAt = type.attribute("verity_signature_certificate").get().location();
    }
    if (cli.deferVerity()) {
      return deferred(required, embed, layout, cert, certAt);
    }
    Location requiredAt =
        type.attribute("verity_signature_required")
            .map(XmlAttribute::location)
            .orElse(type.location());
    Optional<String> algorithm =
        DescriptionRules.checkSigning(
            required,
            requiredAt,
            DescriptionRules.KeyNames.VERITY,
            key,
            keyAt,
            cert,
            certAt,
            findings);
    if (embed && key.isPresent() && Pkcs11Uri.isUri(key.get())) {
      problem(
          "embed_verity_metadata",
          "kiwi's metadata block is signed with RSA-PSS and a salt derived from the seed, which a"
              + " key in a PKCS#11 token cannot take: use a PEM key");
    } else if (embed && (key.isEmpty() || algorithm.isPresent())) {
      KiwiMetadataKey.problem(algorithm)
          .ifPresent(
              m -> findings.problem(type.attribute("embed_verity_metadata").get().location(), m));
    }
    return new SignatureSpec(required, key, cert, false);
  }

  /**
   * {@code --defer-signature}: no key is used (the description's is left to the signing service);
   * the signature partition is reserved, so the layout must have one, and kiwi's metadata block,
   * which carries a signature of its own, cannot be filled later.
   */
  private SignatureSpec deferred(
      boolean required, boolean embed, VerityLayout layout, Optional<Path> cert, Location certAt) {
    Location at = Location.of(Path.of("--defer-signature"));
    if (embed) {
      findings.problem(
          at,
          "embed_verity_metadata=\"true\": kiwi's metadata block is signed inside the root"
              + " partition, which mkddi sign does not rewrite; defer only a signature partition");
    } else if (layout != VerityLayout.PARTITION) {
      findings.problem(
          at,
          "the hash tree is inside the root partition (verity_partition=\"false\"), so there is"
              + " no signature partition to reserve; sign .roothash yourself or use"
              + " verity_partition=\"true\"");
    }
    if (cert.isPresent()) {
      DescriptionRules.exists(cert.get(), certAt, "certificate", findings);
    }
    return new SignatureSpec(required, Optional.empty(), cert, true);
  }

  private Optional<DiskSize> diskSize() {
    List<XmlElement> sizes = type.children("size");
    if (sizes.isEmpty()) {
      return Optional.empty();
    }
    if (sizes.size() > 1) {
      findings.problem(sizes.get(1).location(), "<type> has more than one <size>");
    }
    XmlElement s = sizes.get(0);
    long unit = s.value("unit").orElse("M").strip().equals("G") ? Sizes.GIB : Sizes.MIB;
    OptionalLong bytes = Sizes.times(s.text(), unit);
    if (bytes.isEmpty()) {
      findings.problem(s.location(), "<size> " + Excerpt.of(s.text().strip()) + " is too large");
      return Optional.empty();
    }
    boolean additive = s.value("additive").map(Selection::bool).orElse(false);
    return Optional.of(new DiskSize(bytes.getAsLong(), additive));
  }

  private int blockSize(String attribute) {
    OptionalLong v =
        type.value(attribute)
            .map(x -> Sizes.times(x, 1))
            .orElse(OptionalLong.of(VeritySpec.DEFAULT_BLOCK_SIZE));
    return v.isPresent() && Integer.bitCount((int) v.getAsLong()) == 1
        ? (int) v.getAsLong()
        : VeritySpec.DEFAULT_BLOCK_SIZE;
  }

  private OptionalLong megabytes(String attribute) {
    return megabytes(type, attribute, findings);
  }

  /** A size in MiB from an attribute of {@code type}; a problem when it is 0 or too large. */
  static OptionalLong megabytes(XmlElement type, String attribute, Findings findings) {
    Optional<XmlAttribute> a = type.attribute(attribute);
    if (a.isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong v = Sizes.times(a.get().value(), Sizes.MIB);
    if (v.isEmpty() || v.getAsLong() == 0) {
      problem(type, attribute, v.isEmpty() ? "too large" : "must be above 0", findings);
      return OptionalLong.empty();
    }
    return v;
  }

  private Optional<Boolean> bool(String attribute) {
    return type.value(attribute).map(Selection::bool);
  }

  private void problem(String attribute, String message) {
    problem(type, attribute, message, findings);
  }

  /** A problem at an attribute of {@code type}, quoting its value. */
  static void problem(XmlElement type, String attribute, String message, Findings findings) {
    XmlAttribute a = type.attribute(attribute).orElseThrow();
    findings.problem(
        a.location(), "<type " + attribute + "=\"" + Excerpt.of(a.value()) + "\">: " + message);
  }
}
