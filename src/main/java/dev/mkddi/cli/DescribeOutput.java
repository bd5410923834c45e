package dev.mkddi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mkddi.description.BootloaderSpec;
import dev.mkddi.description.Diagnostic;
import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.DiskSize;
import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.RootSource;
import dev.mkddi.description.SignatureSpec;
import dev.mkddi.description.Sizes;
import dev.mkddi.description.UkiSpec;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.description.VeritySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved plan of a description as text or JSON, for {@code mkddi describe}: names, the output
 * file, partitions with designators and size policies, verity and signing, the command line, root
 * sources in order, warnings and problems. Stateless.
 */
public final class DescribeOutput {
  private DescribeOutput() {}

  /**
   * @param d a loaded description
   * @return the plan as nested maps and lists of strings, numbers and booleans (JSON-ready)
   */
  public static Map<String, Object> toMap(ImageDescription d) {
    DiskSpec disk = d.disk();
    VeritySpec v = disk.verity();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("description", d.file().toString());
    m.put("schemaVersion", d.schemaVersion());
    m.put("name", d.name());
    m.put("displayName", d.displayName());
    m.put("version", d.version());
    m.put("arch", d.arch().unameName());
    m.put("image", d.imageFileName());
    m.put("profiles", d.profiles());
    m.put("filesystem", disk.filesystem().kiwiName());
    m.put("rootfsLabel", disk.rootfsLabel());
    m.put("sectorSize", disk.targetBlockSize());
    m.put("firmware", disk.firmware().kiwiName());
    m.put("diskSize", disk.size().map(s -> (Object) sizeMap(s)).orElse("as needed"));
    m.put("updateSlots", disk.updateSlots());
    List<Object> parts = new ArrayList<>();
    for (DiskLayout.Entry e : d.layout().partitions()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("designator", e.type().name());
      p.put("label", e.label());
      p.put("size", e.sizePolicy());
      if (e.sizeGiven()) {
        p.put("bytes", e.bytes());
      }
      parts.add(p);
    }
    m.put("partitions", parts);
    Map<String, Object> verity = new LinkedHashMap<>();
    verity.put("layout", v.layout() == VerityLayout.PARTITION ? "partition" : "in-root");
    verity.put("embedMetadata", v.embedMetadata());
    verity.put(
        "dataBlocks", v.dataBlocks().isPresent() ? (Object) v.dataBlocks().getAsLong() : "all");
    verity.put("hashAlgorithm", v.hashAlgorithm().kernelName());
    verity.put("dataBlockSize", v.dataBlockSize());
    verity.put("hashBlockSize", v.hashBlockSize());
    m.put("verity", verity);
    Map<String, Object> signing = new LinkedHashMap<>();
    signing.put("required", v.signature().required());
    signing.put("signed", v.signature().signs());
    v.signature().key().ifPresent(k -> signing.put("key", k.toString()));
    v.signature().certificate().ifPresent(c -> signing.put("certificate", c.toString()));
    m.put("signing", signing);
    m.put("cmdline", cmdline(d));
    disk.bootloader().ifPresent(b -> m.put("bootloader", bootloader(b)));
    List<Object> sources = new ArrayList<>();
    for (RootSource s : d.rootSources()) {
      Map<String, Object> src = new LinkedHashMap<>();
      src.put("role", role(s.role()));
      src.put("path", s.path().toString());
      src.put("targetDir", s.targetDir());
      sources.add(src);
    }
    m.put("rootSources", sources);
    m.put("warnings", d.warnings().stream().map(Diagnostic::toLineString).toList());
    m.put("problems", d.problems().stream().map(Diagnostic::toString).toList());
    return m;
  }

  /**
   * @param d a loaded description
   * @return the plan as pretty-printed JSON
   */
  public static String toJson(ImageDescription d) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(toMap(d));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of plain values always serialize", e);
    }
  }

  /**
   * @param d a loaded description
   * @return the plan as aligned text, one item per line
   */
  public static String toText(ImageDescription d) {
    DiskSpec disk = d.disk();
    VeritySpec v = disk.verity();
    StringBuilder sb = new StringBuilder();
    line(sb, "description", d.file() + " (kiwi schema " + d.schemaVersion() + ")");
    line(
        sb,
        "name",
        d.name() + (d.displayName().equals(d.name()) ? "" : " (" + d.displayName() + ")"));
    line(sb, "version", d.version());
    line(sb, "arch", d.arch().unameName());
    line(sb, "image", d.imageFileName());
    line(sb, "profiles", d.profiles().isEmpty() ? "(none)" : String.join(", ", d.profiles()));
    line(
        sb,
        "disk",
        "GPT, "
            + disk.targetBlockSize()
            + "-byte sectors, size "
            + disk.size()
                .map(s -> (s.additive() ? "as needed + " : "") + Sizes.human(s.bytes()))
                .orElse("as needed")
            + (disk.updateSlots() == 2 ? ", A/B update slots" : ""));
    line(sb, "root", disk.filesystem().kiwiName() + ", label " + disk.rootfsLabel());
    sb.append("partitions\n");
    List<DiskLayout.Entry> plan = d.layout().partitions();
    int w = plan.stream().mapToInt(e -> e.type().name().length()).max().orElse(0);
    int lw = plan.stream().mapToInt(e -> e.label().length()).max().orElse(0);
    for (int i = 0; i < plan.size(); i++) {
      DiskLayout.Entry e = plan.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %2d  %-" + w + "s  %-" + lw + "s  %s\n",
              i + 1,
              e.type().name(),
              e.label(),
              e.sizePolicy()));
    }
    line(
        sb,
        "verity",
        v.hashAlgorithm().kernelName()
            + ", data block "
            + v.dataBlockSize()
            + ", hash block "
            + v.hashBlockSize()
            + ", "
            + (v.dataBlocks().isPresent() ? v.dataBlocks().getAsLong() + " blocks" : "all blocks")
            + ", "
            + (v.layout() == VerityLayout.PARTITION
                ? "tree in its own partition"
                : "tree inside the root partition"
                    + (v.embedMetadata() ? " with kiwi's metadata block" : "")));
    SignatureSpec s = v.signature();
    line(
        sb,
        "signing",
        (s.signs()
                ? "signed with "
                    + s.key().get()
                    + " and "
                    + s.certificate().map(Object::toString).orElse("(no certificate)")
                : "unsigned")
            + (s.required() ? " (required)" : ""));
    line(sb, "cmdline", cmdline(d));
    line(
        sb,
        "boot",
        disk.bootloader()
            .map(DescribeOutput::bootText)
            .orElse(disk.firmware().hasEsp() ? "ESP without a boot loader" : "no ESP"));
    sb.append("root sources\n");
    if (d.rootSources().isEmpty()) {
      sb.append("  (none)\n");
    }
    for (int i = 0; i < d.rootSources().size(); i++) {
      RootSource r = d.rootSources().get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %2d  %-17s  %s%s\n",
              i + 1,
              role(r.role()),
              r.path(),
              r.targetDir().equals("/") ? "" : " -> " + r.targetDir()));
    }
    list(sb, "warnings", d.warnings().stream().map(Diagnostic::toLineString).toList());
    list(sb, "problems", d.problems().stream().map(Diagnostic::toString).toList());
    return sb.toString();
  }

  private static String cmdline(ImageDescription d) {
    String extra = d.disk().kernelCmdline();
    String verity =
        d.disk().verity().layout() == VerityLayout.PARTITION
            ? "roothash=<root hash>"
            : "systemd.verity_root_data=PARTUUID=<root> systemd.verity_root_hash=PARTUUID=<root>"
                + " systemd.verity_root_options=hash-offset=<bytes> roothash=<root hash>";
    return "[/etc/kernel/cmdline of the tree] " + verity + (extra.isEmpty() ? "" : " " + extra);
  }

  private static Map<String, Object> sizeMap(DiskSize s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytes", s.bytes());
    m.put("additive", s.additive());
    return m;
  }

  private static Map<String, Object> bootloader(BootloaderSpec b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.name().kiwiName());
    b.timeout().ifPresent(t -> m.put("timeout", t));
    UkiSpec u = b.uki();
    u.kernel().ifPresent(f -> m.put("kernel", f.toString()));
    u.kernelVersion().ifPresent(k -> m.put("kernelVersion", k));
    u.initrd().ifPresent(f -> m.put("initrd", f.toString()));
    u.stub().ifPresent(f -> m.put("stub", f.toString()));
    u.splash().ifPresent(f -> m.put("splash", f.toString()));
    u.devicetree().ifPresent(f -> m.put("devicetree", f.toString()));
    return m;
  }

  private static String bootText(BootloaderSpec b) {
    StringBuilder sb = new StringBuilder(b.name().kiwiName());
    b.timeout().ifPresent(t -> sb.append(", timeout ").append(t).append(" s"));
    bootloader(b)
        .forEach(
            (k, v) -> {
              if (!k.equals("name") && !k.equals("timeout")) {
                sb.append(", ").append(k).append(' ').append(v);
              }
            });
    if (b.uki().equals(UkiSpec.FROM_TREE)) {
      sb.append(", UKI from the root tree");
    }
    return sb.toString();
  }

  private static String role(RootSource.Role r) {
    switch (r) {
      case ARCHIVE:
        return "archive";
      case OVERLAY_DIRECTORY:
        return "overlay directory";
      case OVERLAY_ARCHIVE:
        return "overlay archive";
      default:
        return "profile overlay";
    }
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "%-12s %s\n", key, value));
  }

  private static void list(StringBuilder sb, String title, List<String> items) {
    sb.append(title).append(items.isEmpty() ? " (none)\n" : "\n");
    for (String s : items) {
      sb.append("  ").append(s).append('\n');
    }
  }
}
