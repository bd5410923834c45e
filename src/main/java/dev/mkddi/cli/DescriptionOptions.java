package dev.mkddi.cli;

import dev.mkddi.description.HostTools;
import dev.mkddi.description.LoadOptions;
import dev.mkddi.io.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The description argument and the options that select from it, shared by build and describe. */
final class DescriptionOptions {
  @Mixin TargetArchOption targetArch;

  @Parameters(
      index = "0",
      paramLabel = "DESCRIPTION",
      description = "Description directory (config.xml, image/config.xml or *.kiwi) or file.")
  Path description;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Select a profile (repeatable; default: those with import=\"true\").")
  List<String> profiles = new ArrayList<>();

  @Option(
      names = "--root",
      paramLabel = "DIR|ARCHIVE",
      description =
          "A prepared root (kiwi-ng system prepare, mmdebstrap, dnf --installroot, a container"
              + " export): a directory or a tar, tar.gz, tar.xz or tar.zst archive, used instead"
              + " of the description's <archive>s and root.tar.gz; its root/ overlay still"
              + " applies on top.")
  @Nullable Path root;

  @Option(
      names = "--strict",
      description = "Treat every warning (e.g. kiwi vocabulary mkddi ignores) as an error.")
  boolean strict;

  @Option(
      names = "--no-initrd-check",
      description =
          "Do not refuse an initrd that cannot open the root. By default the initrd of a"
              + " bootable image must hold systemd-veritysetup-generator, dm-verity and the root"
              + " file system's module (unless the kernel has them built in).")
  boolean noInitrdCheck;

  /**
   * @return the load options these flags select
   * @throws InvalidInputException when the target architecture is unknown
   */
  LoadOptions loadOptions() throws InvalidInputException {
    return LoadOptions.forArch(targetArch.resolve())
        .withProfiles(profiles)
        .withStrict(strict)
        .withPreparedRoot(Optional.ofNullable(root))
        .withTools(HostTools.fromPath(System.getenv("PATH")));
  }
}
