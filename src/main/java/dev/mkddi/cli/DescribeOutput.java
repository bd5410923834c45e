package dev.mkddi.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.description.BootloaderSpec;
import dev.mkddi.description.Designator;
import dev.mkddi.description.Diagnostic;
import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.Filesystem;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.OverlayRootSpec;
import dev.mkddi.description.PartitionRole;
import dev.mkddi.description.PartitionSpec;
import dev.mkddi.description.RootSource;
import dev.mkddi.description.SignatureSpec;
import dev.mkddi.description.Sizes;
import dev.mkddi.description.UkiSpec;
import dev.mkddi.description.UpdateSpec;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.description.VeritySpec;
import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.sidecar.UpdateFiles;
import dev.mkddi.sign.KeyReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The resolved plan of a description as text or JSON, for {@code mkddi describe}: names, the output
 * file, partitions with designators and size policies, verity and signing, the command line, root
 * sources in order, warnings and problems. Stateless.
 */
public final class DescribeOutput {
  private DescribeOutput() {}

  /**
   * The {@code describe --json} object: the resolved plan.
   *
   * @param description the description file
   * @param schemaVersion the schema version as written
   * @param name the image name
   * @param arch the architecture, {@code uname -m} spelling
   * @param image the image file name
   * @param profiles the selected profiles
   * @param filesystem the root file system
   * @param compression its compression ({@code none}, {@code lz4hc,9}, {@code xz -Xbcj x86})
   * @param rootfsLabel its label
   * @param diskSize a {@link DiskSizeJson}, or {@code "as needed"}
   * @param updateSlots 1, or 2 for A/B
   * @param partitions the partitions of the {@link DiskLayout}
   * @param verity the verity settings
   * @param signing the signing settings
   * @param cmdline the kernel command line, with place holders
   * @param bootloader the boot loader, or null
   * @param update how an A/B image is updated, or null when it makes no update files or definitions
   * @param overlay kiwi's overlay root, or null without one
   * @param rootSources the root sources in order
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Json(
      String description,
      String schemaVersion,
      String name,
      String displayName,
      String version,
      String arch,
      String image,
      List<String> profiles,
      String filesystem,
      String compression,
      String rootfsLabel,
      int sectorSize,
      String firmware,
      Object diskSize,
      int updateSlots,
      List<PartitionJson> partitions,
      VerityJson verity,
      SigningJson signing,
      String cmdline,
      @Nullable BootloaderJson bootloader,
      @Nullable UpdateJson update,
      @Nullable OverlayJson overlay,
      List<RootSourceJson> rootSources,
      List<String> warnings,
      List<String> problems) {}

  /**
   * kiwi's overlay root.
   *
   * @param readOnly the read-only root's file system (the root)
   * @param writeFilesystem the write partition's file system, or null without one
   * @param writePartition the write partition's GPT name, or null without one
   * @param mkfs the program that formats it and the description's options for it ({@code
   *     fscreateoptions}), or null when mkddi writes it
   * @param initrd what the booted system's initrd must bring
   */
  record OverlayJson(
      String readOnly,
      @Nullable String writeFilesystem,
      @Nullable String writePartition,
      @Nullable String mkfs,
      String initrd) {}

  /**
   * A fixed disk size.
   *
   * @param bytes the size
   * @param additive whether it is added to what the partitions need
   */
  record DiskSizeJson(long bytes, boolean additive) {}

  /**
   * One partition.
   *
   * @param designator its DPS type name
   * @param label its label
   * @param size its size policy in words
   * @param bytes its size, when the description gives it; the least size of an overlay root's write
   *     partition
   * @param filesystem what the build formats it with ({@code swap} for swap space), if anything
   * @param mountpoint the directory of the root whose content it holds, if any
   * @param filesystemLabel the label of its file system or swap area, if it has one
   * @param flags its GPT attribute flags, as {@code inspect} names them ({@code read-only}, {@code
   *     grow-file-system}, …)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PartitionJson(
      String designator,
      String label,
      String size,
      @Nullable Long bytes,
      @Nullable String filesystem,
      @Nullable String mountpoint,
      @Nullable String filesystemLabel,
      List<String> flags) {}

  /**
   * The verity settings.
   *
   * @param layout {@code partition} or {@code in-root}
   * @param embedMetadata whether kiwi's metadata block is written
   * @param dataBlocks a block count, or {@code "all"}
   * @param hashAlgorithm the hash
   * @param dataBlockSize the data block size
   * @param hashBlockSize the hash block size
   */
  record VerityJson(
      String layout,
      boolean embedMetadata,
      Object dataBlocks,
      String hashAlgorithm,
      int dataBlockSize,
      int hashBlockSize) {}

  /**
   * The signing settings.
   *
   * @param required whether a signature is required
   * @param signed whether the build signs
   * @param deferred whether the signature partition is left for {@code mkddi sign}
   * @param key the key file or PKCS#11 URI (without a PIN), or null
   * @param certificate the certificate file, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SigningJson(
      boolean required,
      boolean signed,
      boolean deferred,
      @Nullable String key,
      @Nullable String certificate) {}

  /**
   * The boot loader.
   *
   * @param name its kiwi name
   * @param timeout the menu timeout, or null
   * @param kernel the kernel file, or null
   * @param kernelVersion the kernel version, or null
   * @param initrd the initrd file, or null
   * @param stub the systemd-stub file, or null
   * @param splash the splash image, or null
   * @param devicetree the device tree, or null
   * @param secureBootKey the key signing systemd-boot and the UKI (a file or a PKCS#11 URI without
   *     a PIN), or null
   * @param secureBootCertificate its certificate, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BootloaderJson(
      String name,
      @Nullable Integer timeout,
      @Nullable String kernel,
      @Nullable String kernelVersion,
      @Nullable String initrd,
      @Nullable String stub,
      @Nullable String splash,
      @Nullable String devicetree,
      @Nullable String secureBootKey,
      @Nullable String secureBootCertificate) {}

  /**
   * How an A/B image is updated by systemd-sysupdate.
   *
   * @param artifacts whether every build writes the update files
   * @param files the update files of a version, as sysupdate's source patterns
   * @param source where the image fetches updates ({@code .transfer} files), or null
   * @param tries the boot-counting tries of a new UKI, 0 for none (or no UKI)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record UpdateJson(boolean artifacts, List<String> files, @Nullable String source, int tries) {}

  /**
   * One root source.
   *
   * @param role what it is
   * @param path where it is
   * @param targetDir where it goes in the tree
   */
  record RootSourceJson(String role, String path, String targetDir) {}

  /**
   * @param d a loaded description
   * @return the plan as records, for Jackson
   */
  static Json toJsonRecord(ImageDescription d) {
    DiskSpec disk = d.disk();
    VeritySpec v = disk.verity();
    List<PartitionJson> parts = new ArrayList<>();
    for (DiskLayout.Entry e : d.layout().partitions()) {
      parts.add(
          new PartitionJson(
              e.type().name(),
              e.label(),
              e.sizePolicy(),
              e.sizeGiven() || e.rule() == DiskLayout.SizeRule.REST_OF_DISK ? e.bytes() : null,
              e.extra()
                  .flatMap(
                      p ->
                          p.designator() == Designator.SWAP
                              ? Optional.of("swap")
                              : p.filesystem().map(Filesystem::kiwiName))
                  .or(() -> overlayWrite(disk, e).map(Filesystem::kiwiName))
                  .orElse(null),
              e.extra().flatMap(PartitionSpec::mountpoint).orElse(null),
              e.extra().map(PartitionSpec::filesystemLabel).filter(l -> !l.isEmpty()).orElse(null),
              GptAttribute.flagNames(e.attributes())));
    }
    List<RootSourceJson> sources = new ArrayList<>();
    for (RootSource s : d.rootSources()) {
      sources.add(new RootSourceJson(role(s.role()), s.path().toString(), s.targetDir()));
    }
    SignatureSpec sig = v.signature();
    return new Json(
        d.file().toString(),
        d.schemaVersion(),
        d.name(),
        d.displayName(),
        d.version(),
        d.arch().unameName(),
        d.imageFileName(),
        d.profiles(),
        disk.root().type().kiwiName(),
        disk.root().compressionText(),
        disk.rootfsLabel(),
        disk.targetBlockSize(),
        disk.firmware().kiwiName(),
        disk.size().<Object>map(s -> new DiskSizeJson(s.bytes(), s.additive())).orElse("as needed"),
        disk.updateSlots(),
        parts,
        new VerityJson(
            v.layout() == VerityLayout.PARTITION ? "partition" : "in-root",
            v.embedMetadata(),
            v.dataBlocks().isPresent() ? (Object) v.dataBlocks().getAsLong() : "all",
            v.hashAlgorithm().kernelName(),
            v.dataBlockSize(),
            v.hashBlockSize()),
        new SigningJson(
            sig.required(),
            sig.signs(),
            sig.deferred(),
            sig.key().map(KeyReference::describe).orElse(null),
            sig.certificate().map(Path::toString).orElse(null)),
        cmdline(d),
        disk.bootloader().map(DescribeOutput::bootloader).orElse(null),
        update(d),
        disk.overlay().map(o -> overlay(disk, o)).orElse(null),
        sources,
        d.warnings().stream().map(Diagnostic::toLineString).toList(),
        d.problems().stream().map(Diagnostic::toString).toList());
  }

  /**
   * @param d a loaded description
   * @return the plan as one compact JSON object, with a final newline
   */
  public static String toJson(ImageDescription d) {
    return dev.mkddi.sidecar.Json.text(toJsonRecord(d));
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
    line(
        sb,
        "root",
        disk.root().type().kiwiName()
            + ", compression "
            + disk.root().compressionText()
            + (disk.overlay().isEmpty()
                ? ", label " + disk.rootfsLabel()
                : disk.overlay().get().write().isPresent()
                    ? ", no label (rootfs_label "
                        + disk.rootfsLabel()
                        + " labels the write partition)"
                    : ", no label"));
    sb.append("partitions\n");
    List<DiskLayout.Entry> plan = d.layout().partitions();
    int w = plan.stream().mapToInt(e -> e.type().name().length()).max().orElse(0);
    int lw = plan.stream().mapToInt(e -> e.label().length()).max().orElse(0);
    for (int i = 0; i < plan.size(); i++) {
      DiskLayout.Entry e = plan.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %2d  %-" + w + "s  %-" + lw + "s  %s%s\n",
              i + 1,
              e.type().name(),
              e.label(),
              e.sizePolicy(),
              e.contentText()
                  .or(
                      () ->
                          overlayWrite(disk, e)
                              .map(f -> f.kiwiName() + ", empty (overlay upper layer)"))
                  .map(c -> ", " + c)
                  .orElse("")));
    }
    disk.overlay()
        .ifPresent(
            o -> {
              OverlayJson j = overlay(disk, o);
              line(
                  sb,
                  "overlay",
                  "kiwi overlay root: the root above is the read-only layer; "
                      + (j.writePartition() == null
                          ? "no write partition (the upper layer is in RAM)"
                          : "write partition "
                              + j.writePartition()
                              + " ("
                              + j.writeFilesystem()
                              + (j.mkfs() == null ? ", written by mkddi" : ", made by " + j.mkfs())
                              + ")")
                      + "; the initrd needs "
                      + j.initrd());
            });
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
                    + KeyReference.describe(s.key().get())
                    + " and "
                    + s.certificate().map(Object::toString).orElse("the token's certificate")
                : s.deferred()
                    ? "deferred: the signature partition is reserved, mkddi sign fills it"
                    : "unsigned")
            + (s.required() ? " (required)" : ""));
    line(sb, "cmdline", cmdline(d));
    line(
        sb,
        "boot",
        disk.bootloader()
            .map(DescribeOutput::bootText)
            .orElse(disk.firmware().hasEsp() ? "ESP without a boot loader" : "no ESP"));
    UpdateJson u = update(d);
    if (u != null) {
      line(
          sb,
          "updates",
          String.join(" ", u.files())
              + (u.artifacts() ? ", written by every build" : ", with --update-artifacts")
              + (u.source() == null ? "" : "; fetched from " + u.source() + " (.transfer files)")
              + (u.tries() > 0 ? "; a new UKI gets " + u.tries() + " boot tries" : ""));
    }
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

  private static @Nullable UpdateJson update(ImageDescription d) {
    UpdateSpec u = d.disk().update();
    if (d.disk().updateSlots() != 2 || !u.artifacts() && u.source().isEmpty()) {
      return null;
    }
    String c = u.compression().suffix();
    List<String> files = new ArrayList<>();
    for (UpdateFiles.Part part : UpdateFiles.Part.values()) {
      if (part != UpdateFiles.Part.VERITY_SIG || d.disk().verity().signature().signs()) {
        files.add(UpdateFiles.partitionPattern(d.name(), part, c));
      }
    }
    boolean uki = d.disk().bootloader().isPresent();
    if (uki) {
      files.add(UpdateFiles.ukiPattern(d.name()));
    }
    files.add(UpdateFiles.SHA256SUMS);
    return new UpdateJson(u.artifacts(), files, u.source().orElse(null), uki ? u.tries() : 0);
  }

  /** The file system of the overlay root's write partition, when {@code e} is it. */
  private static Optional<Filesystem> overlayWrite(DiskSpec disk, DiskLayout.Entry e) {
    return e.role() == PartitionRole.OVERLAY_WRITE
        ? disk.overlay().flatMap(OverlayRootSpec::write)
        : Optional.empty();
  }

  private static OverlayJson overlay(DiskSpec disk, OverlayRootSpec o) {
    return new OverlayJson(
        disk.root().type().kiwiName(),
        o.write().map(Filesystem::kiwiName).orElse(null),
        o.write().isPresent() ? OverlayRootSpec.WRITE_PARTITION_LABEL : null,
        o.mkfs()
            .map(
                m ->
                    String.join(
                        " ",
                        Stream.concat(
                                Stream.of(m.getFileName().toString()), o.mkfsOptions().stream())
                            .toList()))
            .orElse(null),
        OverlayRootSpec.INITRD_NEEDS);
  }

  private static String cmdline(ImageDescription d) {
    String extra = d.disk().kernelCmdline();
    String verity =
        d.disk().verity().layout() == VerityLayout.PARTITION
            ? "roothash=<root hash>"
            : "systemd.verity_root_data=PARTUUID=<root> systemd.verity_root_hash=PARTUUID=<root>"
                + " systemd.verity_root_options=hash-offset=<bytes> roothash=<root hash>";
    String overlay = d.disk().overlay().map(o -> " " + o.cmdlineText(extra)).orElse("");
    return "[/etc/kernel/cmdline of the tree] "
        + verity
        + overlay
        + (extra.isEmpty() ? "" : " " + extra);
  }

  private static BootloaderJson bootloader(BootloaderSpec b) {
    UkiSpec u = b.uki();
    return new BootloaderJson(
        b.name().kiwiName(),
        b.timeout().isPresent() ? b.timeout().getAsInt() : null,
        u.kernel().map(Object::toString).orElse(null),
        u.kernelVersion().orElse(null),
        u.initrd().map(Object::toString).orElse(null),
        u.stub().map(Object::toString).orElse(null),
        u.splash().map(Object::toString).orElse(null),
        u.devicetree().map(Object::toString).orElse(null),
        b.secureBoot().key().map(KeyReference::describe).orElse(null),
        b.secureBoot().certificate().map(Object::toString).orElse(null));
  }

  private static String bootText(BootloaderSpec b) {
    StringBuilder sb = new StringBuilder(b.name().kiwiName());
    b.timeout().ifPresent(t -> sb.append(", timeout ").append(t).append(" s"));
    new ObjectMapper()
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .convertValue(bootloader(b), new TypeReference<LinkedHashMap<String, Object>>() {})
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
      case PREPARED_DIRECTORY:
        return "prepared root";
      case PREPARED_ARCHIVE:
        return "prepared archive";
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
