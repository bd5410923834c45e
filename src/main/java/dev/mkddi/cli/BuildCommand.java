package dev.mkddi.cli;

import dev.mkddi.builder.BuildRequest;
import dev.mkddi.builder.BuildResult;
import dev.mkddi.builder.ImageBuilder;
import dev.mkddi.description.LoadOptions;
import dev.mkddi.io.ExitCode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mkddi build}: builds a Discoverable Disk Image from a description. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Builds <name>.<arch>-<version>.raw from a kiwi-style description: a GPT disk with the"
          + " read-only root (EROFS, squashfs or ext4), its dm-verity partition (PARTUUIDs from the root hash), the signature"
          + " partition when signing, the ESP with systemd-boot and a UKI when the description"
          + " asks for them; plus .roothash, .roothash.p7s, .cmdline, .json and .efi beside it.",
      "Reproducible: the same description, inputs and --seed give the same bytes. With"
          + " SOURCE_DATE_EPOCH set, newer mtimes are clamped to it and it is the build time."
    })
final class BuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;
  @Mixin DescriptionOptions descriptionOptions;

  @Option(
      names = "--target-dir",
      paramLabel = "DIR",
      description = "Where to write the image and its side files (default: the current directory).")
  Path targetDir = Path.of(".");

  @Option(
      names = "--seed",
      paramLabel = "UUID",
      description =
          "Seed of the disk GUID, partition UUIDs, file system UUID and verity salt, as"
              + " systemd-repart's --seed (default: derived from the image name and version).")
  @Nullable UUID seed;

  @Option(
      names = "--signing-key",
      paramLabel = "PEM",
      description = "Private key signing the root hash (overrides verity_signature_key).")
  @Nullable Path signingKey;

  @Option(
      names = "--certificate",
      paramLabel = "PEM",
      description = "Certificate of the signing key (overrides verity_signature_certificate).")
  @Nullable Path certificate;

  @Option(
      names = "--key-password-file",
      paramLabel = "FILE",
      description = "File whose first line is the password of an encrypted signing key.")
  @Nullable Path keyPasswordFile;

  @Option(
      names = "--split",
      description = "Also write each partition to <base>.<type>.raw, as systemd-repart --split.")
  boolean split;

  @Option(
      names = "--update-artifacts",
      description =
          "Also write the update of an A/B image for systemd-sysupdate: the root, verity and"
              + " signature partitions as <name>_<version>_<partuuid>.<part>.raw[.zst|.xz], the UKI"
              + " as <name>_<version>.efi and SHA256SUMS (as update_artifacts=\"true\").")
  boolean updateArtifacts;

  @Option(
      names = "--update-signing-key",
      paramLabel = "FILE",
      description =
          "OpenPGP secret key (gpg --export-secret-keys [--armor]) that signs SHA256SUMS into"
              + " SHA256SUMS.gpg; implies --update-artifacts. Its passphrase, if any, is the first"
              + " line of --key-password-file.")
  @Nullable Path updateSigningKey;

  @Option(names = "--json", description = "Print the manifest (the .json file) on stdout.")
  boolean json;

  /** Set by {@link Main#main}: what Ctrl-C prints and which directories it removes. */
  Interruption interruption = Interruption.NONE;

  @Override
  public Integer call() throws Exception {
    LoadOptions options =
        descriptionOptions
            .loadOptions()
            .withSigning(Optional.ofNullable(signingKey), Optional.ofNullable(certificate));
    BuildRequest request =
        new BuildRequest(
            descriptionOptions.description,
            options,
            targetDir,
            Optional.ofNullable(seed),
            Optional.ofNullable(keyPasswordFile),
            SourceDateEpoch.fromEnvironment(),
            split,
            new BuildRequest.Update(updateArtifacts, Optional.ofNullable(updateSigningKey)),
            !descriptionOptions.noInitrdCheck);
    List<Path> created = Interruption.missing(targetDir);
    interruption.removeWhenEmpty(created);
    interruption.onInterrupt(
        "build interrupted: nothing was written"
            + (created.isEmpty()
                ? " to " + targetDir + " (its temporary files are removed)"
                : "; " + targetDir + ", which the build created, is removed"));
    PublicationWatch watch =
        PublicationWatch.install(
            StderrListener.forProcess(),
            System.err,
            Long.getLong(PublicationWatch.PAUSE_PROPERTY, -1L),
            interruption::leaveToPublication);
    BuildResult result;
    try {
      result = new ImageBuilder(watch).build(request);
    } catch (Exception | Error e) {
      watch.claimReport();
      throw e;
    }
    if (!watch.claimReport()) {
      return Main.INTERRUPTED; // stopped after the publication: the watch says so
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(new String(result.manifest().toJson(), StandardCharsets.UTF_8));
    } else {
      for (Path f : result.files()) {
        out.println(f);
      }
      out.println("Root hash: " + result.rootHash());
    }
    out.flush();
    return ExitCode.OK;
  }
}
