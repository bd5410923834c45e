package dev.mkddi.description;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code <partitions>} into {@link PartitionSpec}s: kiwi's reserved names, sizes with units,
 * the DPS designator from {@code partition_name}, and consistency between partitions. Not
 * thread-safe (one per load).
 */
final class PartitionReader {
  /** Names kiwi reserves for partitions it creates itself. */
  static final Set<String> RESERVED =
      Set.of("root", "readonly", "boot", "prep", "spare", "swap", "efi_csm", "efi");

  private final XmlElement type;
  private final Set<String> generatedLabels;
  private final Findings findings;

  PartitionReader(XmlElement type, Set<String> generatedLabels, Findings findings) {
    this.type = type;
    this.generatedLabels = generatedLabels;
    this.findings = findings;
  }

  List<PartitionSpec> read() {
    List<XmlElement> sections = type.children("partitions");
    if (sections.size() > 1) {
      findings.problem(sections.get(1).location(), "<type> has more than one <partitions>");
    }
    List<PartitionSpec> out = new ArrayList<>();
    Map<String, XmlElement> labels = new HashMap<>();
    Map<Designator, XmlElement> designators = new HashMap<>();
    for (XmlElement section : sections.subList(0, Math.min(1, sections.size()))) {
      for (XmlElement p : section.children("partition")) {
        Optional<PartitionSpec> spec = read(p);
        if (spec.isEmpty()) {
          continue;
        }
        PartitionSpec s = spec.get();
        XmlElement twin =
            s.designator() == Designator.GENERIC
                ? null
                : designators.putIfAbsent(s.designator(), p);
        XmlElement same = labels.putIfAbsent(s.label(), p);
        if (twin != null) {
          findings.problem(
              p.location(),
              "a second "
                  + s.designator().dpsName()
                  + " partition (the first is at line "
                  + twin.location().line()
                  + "): systemd"
                  + " mounts only the first one of each type");
        } else if (same != null) {
          findings.problem(
              p.location(),
              "partition label \""
                  + s.label()
                  + "\" is used twice"
                  + " (also at line "
                  + same.location().line()
                  + ")");
        }
        out.add(s);
      }
    }
    return out;
  }

  private Optional<PartitionSpec> read(XmlElement p) {
    XmlAttribute nameAttr = p.attribute("name").orElseThrow();
    String name = nameAttr.value().strip();
    if (name.isEmpty()) {
      findings.problem(nameAttr.location(), "<partition name=\"\">: a name is needed");
      return Optional.empty();
    }
    if (RESERVED.contains(name)) {
      findings.problem(
          nameAttr.location(),
          "<partition name=\""
              + name
              + "\">: kiwi reserves"
              + " the names root, readonly, boot, prep, spare, swap, efi_csm and efi"
              + (name.equals("swap") ? "; for swap space write partition_name=\"swap\"" : ""));
    }
    XmlAttribute sizeAttr = p.attribute("size").orElseThrow();
    OptionalLong size = Sizes.parse(sizeAttr.value());
    if (size.isEmpty() || size.getAsLong() == 0) {
      findings.problem(
          sizeAttr.location(),
          "<partition size=\""
              + sizeAttr.value()
              + "\">: "
              + (size.isEmpty() ? "too large" : "must be above 0"));
      return Optional.empty();
    }
    Optional<String> partitionName = p.value("partition_name").map(String::strip);
    String label = partitionName.orElse("p.lx" + name);
    XmlAttribute labelAttr = p.attribute("partition_name").orElse(nameAttr);
    if (generatedLabels.contains(label)) {
      findings.problem(
          labelAttr.location(),
          "<partition "
              + labelAttr.name()
              + "=\""
              + labelAttr.value()
              + "\">: mkddi gives the label \""
              + label
              + "\" to a partition it makes; choose another partition_name");
    }
    Designator designator =
        partitionName.map(Designator::fromPartitionName).orElse(Designator.GENERIC);
    Optional<String> mountpoint =
        p.value("mountpoint").map(String::strip).filter(m -> !m.isEmpty());
    if (mountpoint.isPresent()
        && designator.mountPoint().isPresent()
        && !designator.mountPoint().get().equals(mountpoint.get())) {
      findings.problem(
          p.attribute("mountpoint").get().location(),
          "<partition mountpoint=\""
              + mountpoint.get()
              + "\">: a "
              + designator.dpsName()
              + " partition is mounted at "
              + designator.mountPoint().get()
              + " by systemd");
    }
    Optional<Filesystem> fs = p.value("filesystem").flatMap(Filesystem::fromKiwiName);
    return Optional.of(
        new PartitionSpec(name, size.getAsLong(), label, designator, mountpoint, fs));
  }
}
