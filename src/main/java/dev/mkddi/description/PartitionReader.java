package dev.mkddi.description;

import dev.mkddi.fat.FatOptions;
import dev.mkddi.gpt.GptConstants;
import dev.mkddi.io.Excerpt;
import dev.mkddi.swap.SwapHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
    Map<String, XmlElement> mounts = new HashMap<>();
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
        if (s.mountpoint().isPresent()) {
          checkNesting(p, s.mountpoint().get(), mounts);
        }
        out.add(s);
      }
    }
    return out;
  }

  /**
   * One partition per mount point, none inside another's: each tree is cut out of the root once.
   */
  private void checkNesting(XmlElement p, String mountpoint, Map<String, XmlElement> mounts) {
    for (Map.Entry<String, XmlElement> e : mounts.entrySet()) {
      String other = e.getKey();
      if (other.equals(mountpoint)
          || mountpoint.startsWith(other + "/")
          || other.startsWith(mountpoint + "/")) {
        findings.problem(
            p.attribute("mountpoint").orElseThrow().location(),
            "<partition mountpoint=\""
                + mountpoint
                + "\">: "
                + (other.equals(mountpoint)
                    ? "also the mount point"
                    : "nested with the mount point")
                + " of the partition at line "
                + e.getValue().location().line()
                + "; mkddi fills each partition from one directory of the root");
        return;
      }
    }
    mounts.put(mountpoint, p);
  }

  /** Mount points that belong to the verity-protected root, not to a partition of their own. */
  private static final Set<String> ROOT_MOUNT_POINTS = Set.of("/", "/usr", "/etc", "/boot");

  /**
   * A partition mkddi cannot fill is a problem, never a silent empty partition: its file system
   * must be one mkddi writes, a mount point needs one, and the mount point must be a plain absolute
   * path outside the root's own directories.
   */
  private void checkContent(
      XmlElement p, Designator designator, Optional<String> mountpoint, Optional<Filesystem> fs) {
    Optional<XmlAttribute> fsAttr = p.attribute("filesystem");
    if (designator == Designator.SWAP) {
      if (fsAttr.isPresent() || mountpoint.isPresent()) {
        findings.problem(
            fsAttr.orElse(p.attribute("mountpoint").orElseThrow()).location(),
            "<partition partition_name=\"swap\">: swap space has no file system and no mount"
                + " point (mkddi writes a swap header; systemd activates it by its type)");
      }
      return;
    }
    if (fs.isPresent() && !fs.get().partitionSupported()) {
      findings.problem(
          fsAttr.orElseThrow().location(),
          "<partition filesystem=\""
              + fs.get().kiwiName()
              + "\">: "
              + fs.get().notBuilt("for partitions", Filesystem.PARTITIONS));
    }
    if (mountpoint.isEmpty()) {
      return;
    }
    XmlAttribute mp = p.attribute("mountpoint").orElseThrow();
    String m = mountpoint.get();
    if (!m.startsWith("/")
        || m.contains("//")
        || m.endsWith("/") && m.length() > 1
        || m.matches(".*(^|/)\\.{1,2}(/|$).*")
        || m.chars().anyMatch(c -> c <= ' ')) {
      findings.problem(
          mp.location(),
          "<partition mountpoint=\""
              + Excerpt.of(m)
              + "\">: expected an absolute path without . or .. and without spaces");
    } else if (ROOT_MOUNT_POINTS.contains(m)) {
      findings.problem(
          mp.location(),
          "<partition mountpoint=\""
              + m
              + "\">: "
              + m
              + " is part of the verity-protected root; mkddi makes no separate partition for"
              + " it");
    } else if (fs.isEmpty()) {
      findings.problem(
          mp.location(),
          "<partition mountpoint=\""
              + m
              + "\"> without filesystem: name the file system the content of "
              + m
              + " moves into (ext4, fat32, erofs or squashfs)");
    }
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
    Optional<String> mountpoint =
        p.value("mountpoint").map(String::strip).filter(m -> !m.isEmpty());
    Designator designator =
        partitionName
            .map(Designator::fromPartitionName)
            .filter(d -> d != Designator.GENERIC)
            .orElse(mountpoint.map(Designator::fromMountPoint).orElse(Designator.GENERIC));
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
    checkContent(p, designator, mountpoint, fs);
    checkGptName(labelAttr, label);
    return Optional.of(
        new PartitionSpec(
            name,
            size.getAsLong(),
            label,
            designator,
            mountpoint,
            fs,
            filesystemLabel(p, name, designator, fs),
            growFileSystem(p, designator, mountpoint, fs)));
  }

  /** The GPT entry holds the partition name in 36 UTF-16 code units. */
  private void checkGptName(XmlAttribute at, String label) {
    if (label.length() > GptConstants.NAME_MAX_UNITS || label.indexOf(0) >= 0) {
      findings.problem(
          at.location(),
          "<partition "
              + at.name()
              + "=\""
              + Excerpt.of(at.value())
              + "\">: the GPT partition name \""
              + Excerpt.of(label)
              + "\" has "
              + label.length()
              + " UTF-16 code units; a GPT entry holds at most "
              + GptConstants.NAME_MAX_UNITS
              + ", without NUL");
    }
  }

  /**
   * kiwi's {@code label}: the label of the file system (kiwi passes it to mkfs; the GPT name is
   * {@code partition_name}). Without it kiwi labels the file system with the name in upper case;
   * mkddi does too when that fits the format, and leaves it unlabelled otherwise.
   */
  private String filesystemLabel(
      XmlElement p, String name, Designator designator, Optional<Filesystem> fs) {
    Optional<XmlAttribute> attr = p.attribute("label").filter(a -> !a.value().isEmpty());
    if (attr.isEmpty()) {
      String upper = name.toUpperCase(Locale.ROOT);
      return labelProblem(designator, fs, upper).isEmpty() ? upper : "";
    }
    String label = attr.get().value();
    Optional<String> problem = labelProblem(designator, fs, label);
    if (problem.isPresent()) {
      findings.problem(
          attr.get().location(),
          "<partition label=\"" + Excerpt.of(label) + "\">: " + problem.get());
      return "";
    }
    return label;
  }

  /** What is wrong with a label for the partition's content, or empty when the format takes it. */
  private static Optional<String> labelProblem(
      Designator designator, Optional<Filesystem> fs, String label) {
    if (designator == Designator.SWAP) {
      return labelBytes(label, SwapHeader.MAX_LABEL_BYTES, "a swap label");
    }
    if (fs.isEmpty()) {
      return Optional.of("the partition has no file system to label (filesystem= names one)");
    }
    return switch (fs.get()) {
      case EXT4 -> labelBytes(label, fs.get().maxLabelBytes().getAsInt(), "an ext4 label");
      case EROFS -> labelBytes(label, fs.get().maxLabelBytes().getAsInt(), "an EROFS label");
      case FAT16, FAT32 -> FatOptions.labelProblem(label).map(m -> "a FAT label: " + m);
      case SQUASHFS -> Optional.of("squashfs has no file system label");
      default -> Optional.empty(); // a file system mkddi does not write: checkContent says so
    };
  }

  private static Optional<String> labelBytes(String label, int max, String what) {
    int n = label.getBytes(StandardCharsets.UTF_8).length;
    if (n <= max && label.indexOf(0) < 0) {
      return Optional.empty();
    }
    return Optional.of(
        what + " holds at most " + max + " bytes of UTF-8, without NUL; this one has " + n);
  }

  /**
   * mkddi's {@code grow_filesystem}: the file system is grown to the partition when it is mounted
   * (systemd-growfs). Default: for ext4, which systemd-growfs grows online, when something mounts
   * it (a mount point, or a DPS type systemd-gpt-auto-generator mounts). Refused where nothing
   * would grow: read-only file systems, FAT, swap, an unmounted partition.
   */
  private boolean growFileSystem(
      XmlElement p, Designator designator, Optional<String> mountpoint, Optional<Filesystem> fs) {
    boolean mounted = mountpoint.isPresent() || designator.mountPoint().isPresent();
    boolean growable = fs.equals(Optional.of(Filesystem.EXT4)) && mounted;
    Optional<XmlAttribute> attr = p.attribute("grow_filesystem");
    if (attr.isEmpty()) {
      return growable;
    }
    boolean grow = Selection.bool(attr.get().value());
    if (grow && !growable) {
      String why;
      if (designator == Designator.SWAP) {
        why = "swap space has no file system";
      } else if (fs.isEmpty()) {
        why = "the partition has no file system";
      } else if (fs.get() == Filesystem.EROFS || fs.get() == Filesystem.SQUASHFS) {
        why = fs.get().kiwiName() + " is read-only and cannot grow";
      } else if (fs.get() != Filesystem.EXT4) {
        why =
            "systemd-growfs grows ext4, btrfs and xfs, not "
                + fs.get().kiwiName()
                + "; of these mkddi writes ext4";
      } else {
        why =
            "nothing mounts it (no mountpoint, and its type is not one systemd mounts by"
                + " itself), so nothing would grow it";
      }
      findings.problem(
          attr.get().location(),
          "<partition grow_filesystem=\"" + attr.get().value() + "\">: " + why);
      return false;
    }
    return grow;
  }
}
