package dev.mkddi.description;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

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
      if (signing.secureBootKey().isPresent()) {
        findings.problem(
            Location.of(Path.of("--secure-boot-key")),
            "the image has no <bootloader name=\"systemd_boot\">: there is no boot chain to"
                + " sign for Secure Boot");
      }
      return Optional.empty();
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
    if (!firmware.hasEsp()) {
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
    return Optional.of(new BootloaderSpec(name, timeout, uki, secureBoot(b)));
  }

  /** The Secure Boot key and certificate, from the command line or the element. */
  private SecureBootSpec secureBoot(XmlElement b) {
    Optional<String> key = signing.secureBootKey();
    Location keyAt = Location.of(Path.of("--secure-boot-key"));
    Optional<XmlAttribute> keyAttr = b.attribute("secure_boot_key");
    if (key.isEmpty() && keyAttr.isPresent() && !keyAttr.get().value().isBlank()) {
      key = Optional.of(DescriptionRules.resolveKey(keyAttr.get().value().strip(), dir));
      keyAt = keyAttr.get().location();
    }
    Optional<Path> cert = signing.secureBootCertificate();
    Location certAt = Location.of(Path.of("--secure-boot-certificate"));
    Optional<XmlAttribute> certAttr = b.attribute("secure_boot_certificate");
    if (cert.isEmpty() && certAttr.isPresent() && !certAttr.get().value().isBlank()) {
      cert = Optional.of(dir.resolve(certAttr.get().value().strip()));
      certAt = certAttr.get().location();
    }
    DescriptionRules.checkSigning(
        false,
        b.location(),
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
        kernel =
            Optional.of(checked(FileRef.parse(name, dir), k.get().location(), "<kernel name>"));
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
        checked(
            FileRef.parse(a.get().value().strip(), dir),
            a.get().location(),
            "<uki " + attribute + ">"));
  }

  private FileRef checked(FileRef ref, Location at, String what) {
    if (ref.origin() == FileRef.Origin.DESCRIPTION) {
      DescriptionRules.exists(ref.path(), at, what + ":", findings);
    }
    return ref;
  }
}
