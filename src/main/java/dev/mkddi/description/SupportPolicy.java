package dev.mkddi.description;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which parts of kiwi's vocabulary mkddi acts on, and why it ignores the rest: the reasons shown in
 * warnings. Constants only; thread-safe.
 */
final class SupportPolicy {
  private static final String NO_PACKAGES =
      "mkddi installs no packages; they belong in the prepared root (--root), a root archive or"
          + " the root/ overlay";
  private static final String NO_CONFIG = "mkddi runs nothing inside the image; ";

  /** Elements mkddi ignores as a whole (their content is not reported separately). */
  private static final Map<String, String> IGNORED_ELEMENTS =
      Map.ofEntries(
          Map.entry("repository", "mkddi installs no packages, so it reads no repositories"),
          Map.entry("package", NO_PACKAGES),
          Map.entry("namedCollection", NO_PACKAGES),
          Map.entry("collectionModule", NO_PACKAGES),
          Map.entry("product", NO_PACKAGES),
          Map.entry("file", NO_PACKAGES),
          Map.entry("ignore", NO_PACKAGES),
          Map.entry("packagemanager", NO_PACKAGES),
          Map.entry("release-version", NO_PACKAGES),
          Map.entry("rpm-check-signatures", NO_PACKAGES),
          Map.entry("rpm-excludedocs", NO_PACKAGES),
          Map.entry("rpm-locale-filtering", NO_PACKAGES),
          Map.entry(
              "users",
              "mkddi creates no users; ship /etc/passwd, /etc/group and /etc/shadow in the"
                  + " prepared root (--root) or the root overlay, or use systemd-sysusers"),
          Map.entry("locale", NO_CONFIG + "put /etc/locale.conf into the root overlay"),
          Map.entry("keytable", NO_CONFIG + "put /etc/vconsole.conf into the root overlay"),
          Map.entry("timezone", NO_CONFIG + "make /etc/localtime a link in the root overlay"),
          Map.entry("bootsplash-theme", "mkddi installs no themes"),
          Map.entry("bootloader-theme", "mkddi installs no themes"),
          Map.entry("showlicense", "mkddi shows no licenses"),
          Map.entry("drivers", "mkddi builds no initrd"),
          Map.entry("strip", "mkddi removes nothing from the root tree"),
          Map.entry("containers", "mkddi pulls no containers"),
          Map.entry("certificates", NO_CONFIG + "put CA certificates into the root overlay"),
          Map.entry("extension", "mkddi reads no kiwi extensions"),
          Map.entry(
              "oemconfig",
              "a read-only DDI is neither resized nor installed by kiwi's oem boot code"),
          Map.entry("containerconfig", "mkddi builds disk images, not containers"),
          Map.entry("machine", "mkddi writes no virtual machine configuration"),
          Map.entry("vagrantconfig", "mkddi writes raw images only"),
          Map.entry("installmedia", "mkddi builds no installation media"),
          Map.entry("systemdisk", "a DDI has no LVM or btrfs volumes"),
          Map.entry("luksformat", "a DDI root is read-only and verity-protected, not encrypted"),
          Map.entry(
              "initrd",
              "mkddi runs no dracut; with a <bootloader> it assembles the UKI"
                  + " from systemd-stub itself"),
          Map.entry("bootloadersettings", "only grub2 and zipl read it"),
          Map.entry("securelinux", "only zipl reads it"));

  /** Elements mkddi reads, with the attributes it acts on. */
  private static final Map<String, Set<String>> ACTED =
      Map.ofEntries(
          Map.entry(
              "image",
              Set.of(
                  "name",
                  "displayname",
                  "schemaversion",
                  "xsi:noNamespaceSchemaLocation",
                  "xsi:schemaLocation")),
          Map.entry("include", Set.of("from")),
          Map.entry("description", Set.of("type")),
          Map.entry("author", Set.of()),
          Map.entry("contact", Set.of()),
          Map.entry("specification", Set.of()),
          Map.entry("license", Set.of()),
          Map.entry("preferences", Set.of("profiles", "arch")),
          Map.entry("version", Set.of()),
          Map.entry("profiles", Set.of()),
          Map.entry("profile", Set.of("name", "description", "import", "arch")),
          Map.entry("requires", Set.of("profile", "arch")),
          Map.entry(
              "type",
              Set.of(
                  "image",
                  "primary",
                  "filesystem",
                  "erofscompression",
                  "fscreateoptions",
                  "squashfscompression",
                  "firmware",
                  "efipartsize",
                  "kernelcmdline",
                  "rootfs_label",
                  "verity_blocks",
                  "embed_verity_metadata",
                  "target_blocksize",
                  "verity_partition",
                  "veritypartsize",
                  "verity_signature_required",
                  "verity_signature_key",
                  "verity_signature_certificate",
                  "verity_hash_algorithm",
                  "verity_data_block_size",
                  "verity_hash_block_size",
                  "update_slots",
                  "update_slot_size",
                  "update_artifacts",
                  "update_source",
                  "update_compression",
                  "update_tries",
                  "luks",
                  "overlayroot",
                  "overlayroot_readonly_filesystem",
                  "overlayroot_write_partition",
                  "overlayroot_readonly_partsize")),
          Map.entry(
              "bootloader",
              Set.of("name", "timeout", "secure_boot_key", "secure_boot_certificate")),
          Map.entry("uki", Set.of("kernel", "initrd", "stub", "splash", "devicetree")),
          Map.entry("dracut", Set.of()),
          Map.entry("kernel", Set.of("name")),
          Map.entry("size", Set.of("unit", "additive")),
          Map.entry("partitions", Set.of()),
          Map.entry(
              "partition",
              Set.of(
                  "name",
                  "size",
                  "mountpoint",
                  "filesystem",
                  "partition_name",
                  "label",
                  "grow_filesystem")),
          Map.entry("packages", Set.of("type", "profiles")),
          Map.entry("archive", Set.of("name", "target_dir")));

  private static final String GPT_UEFI = "a DDI is a GPT disk booted by UEFI";

  /** Specific reasons for ignored attributes, keyed {@code element@attribute}. */
  private static final Map<String, String> ATTRIBUTE_REASONS =
      Map.ofEntries(
          Map.entry("image@id", NO_CONFIG + "put /etc/ImageID into the root overlay"),
          Map.entry("type@format", "mkddi writes raw images only (convert with qemu-img)"),
          Map.entry("type@luks", "it only tunes the encryption that luks asks for"),
          Map.entry("type@eficsm", GPT_UEFI),
          Map.entry("type@efiparttable", GPT_UEFI),
          Map.entry("type@force_mbr", GPT_UEFI),
          Map.entry("type@gpt_hybrid_mbr", GPT_UEFI),
          Map.entry("type@bootpartition", "systemd-boot reads the UKI from the ESP"),
          Map.entry("type@devicepersistency", "roothash= and the partition types find the root"),
          Map.entry("type@spare_part", "declare extra partitions with <partitions>"),
          Map.entry("type@initrd_system", "mkddi builds no initrd"),
          Map.entry("type@editbootconfig", "mkddi runs no scripts"),
          Map.entry("type@editbootinstall", "mkddi runs no scripts"),
          Map.entry("archive@bootinclude", "mkddi builds no kiwi boot image"),
          Map.entry("bootloader@*", "mkddi installs systemd-boot with a timeout only"),
          Map.entry(
              "dracut@*",
              "dracut options cannot run without a chroot; mkddi assembles the UKI itself"));

  private SupportPolicy() {}

  /**
   * @param element an element name
   * @return the reason mkddi ignores the element as a whole, if it does
   */
  static Optional<String> ignoredElement(String element) {
    return Optional.ofNullable(IGNORED_ELEMENTS.get(element));
  }

  /**
   * @param element an element name
   * @param attribute one of its attribute names
   * @return the reason mkddi ignores the attribute, or empty when mkddi acts on it
   */
  static Optional<String> ignoredAttribute(String element, String attribute) {
    Set<String> acted = ACTED.get(element);
    if (acted != null && acted.contains(attribute)) {
      return Optional.empty();
    }
    String reason = ATTRIBUTE_REASONS.get(element + "@" + attribute);
    if (reason == null) {
      reason = ATTRIBUTE_REASONS.get(element + "@" + prefix(attribute));
    }
    if (reason == null) {
      reason = ATTRIBUTE_REASONS.get(element + "@*");
    }
    return Optional.of(reason != null ? reason : "mkddi does not use it");
  }

  /** {@code luks_version} → {@code luks}, {@code spare_part_fs} → … */
  private static String prefix(String attribute) {
    for (String p : new String[] {"luks", "spare_part", "bootpart"}) {
      if (attribute.startsWith(p)) {
        return p.equals("bootpart") ? "bootpartition" : p;
      }
    }
    return attribute;
  }
}
