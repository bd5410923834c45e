package dev.mkddi.description;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads kiwi's overlay root from a {@code <type>}: {@code overlayroot}, {@code filesystem} (the
 * write partition's file system, as kiwi's DiskBuilder formats its {@code p.lxroot} partition),
 * {@code overlayroot_write_partition} and {@code overlayroot_readonly_partsize} ({@code
 * overlayroot_readonly_filesystem} names the root, see {@link RootFilesystemReader}). What mkddi
 * cannot build is a problem at the attribute. Not thread-safe (one per load).
 */
final class OverlayRootReader {
  /** The attribute naming the read-only root's file system. */
  static final String READ_ONLY_FILESYSTEM = "overlayroot_readonly_filesystem";

  /** The read-only roots kiwi's schema allows for an overlay root. */
  static final List<Filesystem> READ_ONLY = List.of(Filesystem.SQUASHFS, Filesystem.EROFS);

  private static final List<String> OVERLAY_ATTRIBUTES =
      List.of(READ_ONLY_FILESYSTEM, "overlayroot_write_partition", "overlayroot_readonly_partsize");

  private final XmlElement type;
  private final HostTools tools;
  private final Findings findings;

  OverlayRootReader(XmlElement type, HostTools tools, Findings findings) {
    this.type = type;
    this.tools = tools;
    this.findings = findings;
  }

  /**
   * @param type a {@code <type>}
   * @return whether it asks for kiwi's overlay root
   */
  static boolean requested(XmlElement type) {
    return type.value("overlayroot").map(Selection::bool).orElse(false);
  }

  /**
   * @return the overlay root, or empty when {@code overlayroot} is not true
   */
  Optional<OverlayRootSpec> read() {
    if (!requested(type)) {
      for (String a : OVERLAY_ATTRIBUTES) {
        type.attribute(a)
            .ifPresent(
                x ->
                    findings.warn(
                        x.location(), "<type " + a + "> ignored: overlayroot is not \"true\""));
      }
      return Optional.empty();
    }
    OptionalLong partSize = megabytes("overlayroot_readonly_partsize");
    if (partSize.isPresent() && type.attribute("update_slot_size").isPresent()) {
      problem(
          "overlayroot_readonly_partsize",
          "update_slot_size sizes the root partition too; give one of them");
    }
    if (type.value("update_slots").map(String::strip).orElse("1").equals("2")) {
      problem(
          "overlayroot",
          "an overlay root has one write partition for one read-only root; A/B update slots"
              + " (update_slots=\"2\") are not built with it");
    }
    boolean writePartition =
        type.value("overlayroot_write_partition").map(Selection::bool).orElse(true);
    if (!writePartition) {
      type.attribute("filesystem")
          .ifPresent(
              a ->
                  findings.warn(
                      a.location(),
                      "<type filesystem> ignored: overlayroot_write_partition=\"false\" builds no"
                          + " write partition (the overlay's upper layer is in RAM)"));
      type.attribute(CreateOptionsReader.ATTRIBUTE)
          .ifPresent(
              a ->
                  findings.warn(
                      a.location(),
                      "<type "
                          + CreateOptionsReader.ATTRIBUTE
                          + "> ignored: overlayroot_write_partition=\"false\" builds no write"
                          + " partition, and kiwi gives no options to the read-only root's mkfs"));
      return Optional.of(
          new OverlayRootSpec(Optional.empty(), Optional.empty(), partSize, List.of()));
    }
    type.attribute("kernelcmdline")
        .filter(a -> OverlayRootSpec.namesWriteDevice(a.value()))
        .ifPresent(
            a ->
                findings.warn(
                    a.location(),
                    "<type kernelcmdline> names the overlay write device"
                        + " (rd.root.overlay.write=): mkddi adds no rd.root.overlay.write= for"
                        + " partition p.lxroot, as kiwi does"));
    Optional<XmlAttribute> fsAttribute = type.attribute("filesystem");
    if (fsAttribute.isEmpty()) {
      findings.problem(
          type.location(),
          "<type overlayroot=\"true\"> needs filesystem= for the write partition (ext4, xfs or"
              + " btrfs), or overlayroot_write_partition=\"false\"");
      return Optional.of(overlay(Filesystem.EXT4, partSize));
    }
    Optional<Filesystem> fs = Filesystem.fromKiwiName(fsAttribute.get().value().strip());
    if (fs.isEmpty() || !OverlayRootSpec.WRITABLE.contains(fs.get())) {
      problem(
          "filesystem",
          fs.map(f -> f.notBuilt("for the overlay write partition", OverlayRootSpec.WRITABLE))
              .orElse("expected ext4, xfs or btrfs for the overlay write partition"));
      return Optional.of(overlay(Filesystem.EXT4, partSize));
    }
    checkLabel(fs.get());
    Optional<String> mkfs = OverlayRootSpec.mkfsName(fs.get());
    CreateOptionsReader options = new CreateOptionsReader(type, true, findings);
    if (mkfs.isEmpty()) {
      options.ext4();
      return Optional.of(overlay(Filesystem.EXT4, partSize));
    }
    Optional<Path> program = tools.find(mkfs.get());
    if (program.isEmpty()) {
      problem(
          "filesystem",
          "the "
              + fs.get().kiwiName()
              + " write partition is made by "
              + mkfs.get()
              + ", which is not on the PATH (install "
              + (fs.get() == Filesystem.XFS ? "xfsprogs" : "btrfs-progs")
              + ", or use filesystem=\"ext4\", which mkddi writes itself)");
      return Optional.of(overlay(Filesystem.EXT4, partSize));
    }
    return Optional.of(new OverlayRootSpec(fs, program, partSize, options.words()));
  }

  /**
   * {@code rootfs_label} labels the write partition (kiwi leaves the read-only root unlabelled).
   */
  private void checkLabel(Filesystem fs) {
    Optional<XmlAttribute> a = type.attribute("rootfs_label");
    int max = fs.maxLabelBytes().orElse(Integer.MAX_VALUE);
    if (a.isPresent() && a.get().value().getBytes(StandardCharsets.UTF_8).length > max) {
      problem(
          "rootfs_label",
          "it labels the "
              + fs.kiwiName()
              + " write partition of the overlay root, whose label holds at most "
              + max
              + " bytes");
    }
  }

  private static OverlayRootSpec overlay(Filesystem fs, OptionalLong partSize) {
    return new OverlayRootSpec(Optional.of(fs), Optional.empty(), partSize, List.of());
  }

  private OptionalLong megabytes(String attribute) {
    return TypeReader.megabytes(type, attribute, findings);
  }

  private void problem(String attribute, String message) {
    TypeReader.problem(type, attribute, message, findings);
  }
}
