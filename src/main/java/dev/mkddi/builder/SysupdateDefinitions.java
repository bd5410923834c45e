package dev.mkddi.builder;

import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.PartitionRole;
import dev.mkddi.description.UpdateSpec;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.sidecar.UpdateFiles;
import dev.mkddi.tree.TreeSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The systemd-sysupdate transfer definitions an A/B image carries in {@code /usr/lib/sysupdate.d/},
 * so that it can update itself from {@code update_source}: one per partition of a slot (root,
 * verity, signature), written into the {@code _empty} partition of the same type and labelled
 * {@code <name>_@v…} with the PARTUUID the file name's {@code @u} carries, and the UKI, installed
 * into {@code $BOOT/EFI/Linux/} with boot counting. The UKI's file sorts last, as sysupdate
 * installs transfers in the order of their file names and the boot entry must come after what it
 * boots. The source patterns are those of {@link UpdateFiles}, the target labels those of {@link
 * DiskLayout#slotLabel}: what {@code build --update-artifacts} writes is exactly what these
 * definitions consume. Stateless.
 */
final class SysupdateDefinitions {
  /** Where systemd-sysupdate looks for the vendor's definitions. */
  static final String DIRECTORY = "/usr/lib/sysupdate.d";

  private SysupdateDefinitions() {}

  /**
   * One {@code .transfer} file.
   *
   * @param fileName its name in {@link #DIRECTORY}
   * @param content its text
   */
  record Definition(String fileName, String content) {}

  /**
   * @param ctx the build context
   * @return the definitions, empty without {@code update_source}
   */
  static List<Definition> of(BuildContext ctx) {
    ImageDescription d = ctx.description();
    UpdateSpec u = d.disk().update();
    if (u.source().isEmpty()) {
      return List.of();
    }
    String name = d.name();
    String slot = DiskLayout.slotName(name, UpdateFiles.VERSION);
    String compression = u.compression().suffix();
    List<Definition> out = new ArrayList<>();
    int order = 50;
    for (DiskLayout.Entry e : d.layout().partitions()) {
      UpdateFiles.Part part = part(e.role()).orElse(null);
      if (part == null) {
        continue;
      }
      out.add(
          new Definition(
              order++ + "-" + name + "-" + part.suffix() + ".transfer",
              header(d, "the " + part.suffix() + " partition of an A/B slot")
                  + source(u, UpdateFiles.partitionPattern(name, part, compression))
                  + "\n[Target]\n"
                  + "Type=partition\n"
                  + "Path=auto\n"
                  + "MatchPattern="
                  + DiskLayout.slotLabel(slot, e.role())
                  + "\n"
                  + "MatchPartitionType="
                  + typeName(e.type())
                  + "\n"
                  + "PartitionFlags=0\n"
                  + "ReadOnly=1\n"));
    }
    if (d.disk().bootloader().isPresent()) {
      out.add(
          new Definition(
              "90-" + name + "-uki.transfer",
              header(d, "the unified kernel image, the boot entry of a slot")
                  + source(u, UpdateFiles.ukiPattern(name))
                  + "\n[Target]\n"
                  + "Type=regular-file\n"
                  + "Path=/EFI/Linux\n"
                  + "PathRelativeTo=boot\n"
                  + "MatchPattern="
                  + String.join(" ", UpdateFiles.ukiTargetPatterns(name, u.tries() > 0))
                  + "\n"
                  + "Mode=0644\n"
                  + (u.tries() > 0 ? "TriesLeft=" + u.tries() + "\nTriesDone=0\n" : "")
                  + "InstancesMax=2\n"));
    }
    return out;
  }

  /**
   * Writes the definitions as a tar archive whose entries land in {@link #DIRECTORY}, owned by
   * root, mode 0644, with the build's time ({@code SOURCE_DATE_EPOCH}, else the epoch, so that they
   * never move the file system's build time).
   *
   * @param ctx the build context
   * @param work the work directory
   * @return the tree source, or empty without definitions
   * @throws IOException when the archive cannot be written
   */
  static Optional<TreeSource> source(BuildContext ctx, Path work) throws IOException {
    List<Definition> defs = of(ctx);
    if (defs.isEmpty()) {
      return Optional.empty();
    }
    Instant time = ctx.sourceDateEpoch().orElse(Instant.EPOCH);
    Path tar = work.resolve("sysupdate.d.tar");
    try (OutputStream os = Files.newOutputStream(tar);
        TarArchiveOutputStream t = new TarArchiveOutputStream(os)) {
      for (Definition def : defs) {
        byte[] content = def.content().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(def.fileName());
        e.setSize(content.length);
        e.setMode(0100644);
        e.setIds(0, 0);
        e.setModTime(time.toEpochMilli());
        t.putArchiveEntry(e);
        t.write(content);
        t.closeArchiveEntry();
      }
    }
    return Optional.of(new TreeSource(tar, true, DIRECTORY));
  }

  /**
   * @param role a partition's role
   * @return the update file of a slot partition
   */
  static Optional<UpdateFiles.Part> part(PartitionRole role) {
    return switch (role) {
      case ROOT -> Optional.of(UpdateFiles.Part.ROOT);
      case ROOT_VERITY -> Optional.of(UpdateFiles.Part.VERITY);
      case ROOT_VERITY_SIG -> Optional.of(UpdateFiles.Part.VERITY_SIG);
      default -> Optional.empty();
    };
  }

  private static String header(ImageDescription d, String what) {
    return "# Generated by mkddi for "
        + d.name()
        + " "
        + d.version()
        + ": "
        + what
        + ".\n"
        + "[Transfer]\n"
        + "ProtectVersion=%A\n";
  }

  private static String source(UpdateSpec u, String pattern) {
    return "\n[Source]\n"
        + "Type="
        + (u.sourceIsUrl() ? "url-file" : "regular-file")
        + "\n"
        + "Path="
        + u.source().orElseThrow()
        + "\n"
        + "MatchPattern="
        + pattern
        + "\n";
  }

  /** systemd's name of a partition type, e.g. {@code root-x86-64-verity}. */
  private static String typeName(PartitionType t) {
    return t.name();
  }
}
