package dev.mkddi.description;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads {@code <bootloader>} and its UKI files: mkddi's {@code <uki kernel= initrd= stub= splash=
 * devicetree=/>} and the kiwi #2801 shape {@code <dracut><uki><kernel name=…/></uki> </dracut>},
 * and the Secure Boot key ({@code secure_boot_key}, {@code secure_boot_certificate}, replaced by
 * {@code --secure-boot-key} and {@code --secure-boot-certificate}). Not thread-safe (one per load).
 */
final class BootloaderReader {
  private final XmlElement type;
  private final Path dir;
  private final Firmware firmware;
  private final SigningOptions signing;
  private final Findings findings;

  BootloaderReader(
      XmlElement type, Path dir, Firmware firmware, SigningOptions signing, Findings findings) {
    this.type = type;
    this.dir = dir;
    this.firmware = firmware;
    this.signing = signing;
    this.findings = findings;
  }

  Optional<BootloaderSpec> read() {
    List<XmlElement> all = type.children("bootloader");
    if (all.isEmpty()) {
      if (!firmware.hasEsp()) {
        if (signing.secureBootKey().isPresent()) {
          findings.problem(
              Location.of(Path.of("--secure-boot-key")),
              "the image has no <bootloader name=\"systemd_boot\">: there is no boot chain to"
                  + " sign for Secure Boot");
        }
        return Optional.empty();
      }
      // kiwi's default boot loader is grub2 (Defaults.get_default_bootloader); an ESP without a
      // boot loader would not boot, so mkddi installs the boot loader of DDIs and says so
      findings.warn(
          type.attribute("firmware").map(XmlAttribute::location).orElse(type.location()),
          "firmware=\""
              + firmware.kiwiName()
              + "\" without <bootloader>: kiwi would install grub2, mkddi installs systemd-boot"
              + " and a UKI; add <bootloader name=\"systemd_boot\"/> to the <type> to say so");
      return Optional.of(
          new BootloaderSpec(
              Bootloader.SYSTEMD_BOOT,
              OptionalInt.empty(),
              UkiSpec.FROM_TREE,
              secureBoot(Optional.empty())));
    }
    if (all.size() > 1) {
      findings.problem(all.get(1).location(), "<type> has more than one <bootloader>");
    }
    XmlElement b = all.get(0);
    Bootloader name = Bootloader.fromKiwiName(b.value("name").orElse("").strip());
    if (name != Bootloader.SYSTEMD_BOOT) {
      findings.problem(
          b.attribute("name").orElseThrow().location(),
          "<bootloader name=\""
              + name.kiwiName()
              + "\">: mkddi installs systemd-boot only (name=\"systemd_boot\")");
    }
    if (!firmware.hasEsp() && type.attribute("firmware").isEmpty()) { // else refused already
      findings.problem(
          b.location(),
          "<bootloader> needs firmware=\"efi\" or \"uefi\" on"
              + " <type>: systemd-boot and the UKI live on the ESP");
    }
    OptionalInt timeout = OptionalInt.empty();
    if (b.attribute("timeout").isPresent()) {
      OptionalLong t = Sizes.times(b.value("timeout").get(), 1);
      if (t.isPresent() && t.getAsLong() <= Integer.MAX_VALUE) {
        timeout = OptionalInt.of((int) t.getAsLong());
      } else {
        findings.problem(
            b.attribute("timeout").get().location(),
            "<bootloader timeout=\"" + b.value("timeout").get() + "\">: too large");
      }
    }
    List<XmlElement> ukis = new ArrayList<>(b.children("uki"));
    for (XmlElement d : b.children("dracut")) {
      ukis.addAll(d.children("uki"));
    }
    if (ukis.size() > 1) {
      findings.problem(ukis.get(1).location(), "<bootloader> has more than one <uki>");
    }
    UkiSpec uki = ukis.isEmpty() ? UkiSpec.FROM_TREE : uki(ukis.get(0));
    return Optional.of(new BootloaderSpec(name, timeout, uki, secureBoot(Optional.of(b))));
  }

  /**
   * The Secure Boot key and certificate, from the command line or the element (none for the
   * systemd-boot that {@code firmware} installs without a {@code <bootloader>}).
   */
  private SecureBootSpec secureBoot(Optional<XmlElement> b) {
    Optional<String> key = signing.secureBootKey();
    Location keyAt = Location.of(Path.of("--secure-boot-key"));
    Optional<XmlAttribute> keyAttr = b.flatMap(e -> e.attribute("secure_boot_key"));
    if (key.isEmpty() && keyAttr.isPresent() && !keyAttr.get().value().isBlank()) {
      key = Optional.of(DescriptionRules.resolveKey(keyAttr.get().value().strip(), dir));
      keyAt = keyAttr.get().location();
    }
    Optional<Path> cert = signing.secureBootCertificate();
    Location certAt = Location.of(Path.of("--secure-boot-certificate"));
    Optional<XmlAttribute> certAttr = b.flatMap(e -> e.attribute("secure_boot_certificate"));
    if (cert.isEmpty() && certAttr.isPresent() && !certAttr.get().value().isBlank()) {
      cert = Optional.of(dir.resolve(certAttr.get().value().strip()));
      certAt = certAttr.get().location();
    }
    DescriptionRules.checkSigning(
        false,
        b.map(XmlElement::location).orElse(type.location()),
        DescriptionRules.KeyNames.SECURE_BOOT,
        key,
        keyAt,
        cert,
        certAt,
        findings);
    return new SecureBootSpec(key, cert);
  }

  private UkiSpec uki(XmlElement u) {
    Optional<FileRef> kernel = file(u, "kernel");
    Optional<String> kernelVersion = Optional.empty();
    Optional<XmlElement> k = u.child("kernel");
    if (k.isPresent()) {
      String name = k.get().value("name").orElse("").strip();
      if (kernel.isPresent()) {
        findings.problem(
            k.get().location(),
            "<uki> names the kernel twice: the kernel"
                + " attribute and <kernel name=\""
                + name
                + "\">");
      } else if (name.contains("/")) {
        kernel = Optional.of(checked(name, k.get().location(), "<kernel name>"));
      } else if (name.isEmpty()) {
        findings.problem(
            k.get().location(), "<kernel name=\"\">: expected a kernel version or a file");
      } else {
        kernelVersion = Optional.of(name);
      }
    }
    return new UkiSpec(
        kernel,
        kernelVersion,
        file(u, "initrd"),
        file(u, "stub"),
        file(u, "splash"),
        file(u, "devicetree"));
  }

  private Optional<FileRef> file(XmlElement u, String attribute) {
    Optional<XmlAttribute> a = u.attribute(attribute);
    if (a.isEmpty() || a.get().value().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        checked(a.get().value().strip(), a.get().location(), "<uki " + attribute + ">"));
  }

  /**
   * A file next to the description must exist; a pattern there ({@code kernels/vmlinuz-*}) is
   * replaced by the one file it matches. Root-tree paths and patterns are resolved by the build.
   */
  private FileRef checked(String written, Location at, String what) {
    FileRef ref = FileRef.parse(written, dir);
    if (ref.origin() != FileRef.Origin.DESCRIPTION) {
      return ref;
    }
    if (!PathGlob.isPattern(written)) {
      DescriptionRules.exists(ref.path(), at, what + ":", findings);
      return ref;
    }
    List<String> files = new ArrayList<>();
    try {
      for (String p : new PathGlob(written).expand(this::listHost)) {
        if (Files.isRegularFile(dir.resolve(p))) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      findings.problem(at, what + " \"" + written + "\": " + e.getMessage());
      return ref;
    }
    if (files.size() == 1) {
      return FileRef.parse(files.get(0), dir);
    }
    findings.problem(
        at,
        what
            + " \""
            + written
            + "\" "
            + (files.isEmpty()
                ? "matches no file in " + dir
                : "matches "
                    + files.size()
                    + " files ("
                    + String.join(", ", files)
                    + "); it must match exactly one"));
    return ref;
  }

  private List<String> listHost(String relative) throws IOException {
    Path d = dir.resolve(relative);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
