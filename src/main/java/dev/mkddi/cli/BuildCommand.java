package dev.mkddi.cli;

import dev.mkddi.builder.BuildRequest;
import dev.mkddi.builder.BuildResult;
import dev.mkddi.builder.ImageBuilder;
import dev.mkddi.description.SigningOptions;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
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
      paramLabel = "PEM|URI",
      description =
          "Private key signing the root hash (overrides verity_signature_key): a PEM file or a"
              + " PKCS#11 URI (pkcs11:token=…;object=…), whose module comes from the URI's"
              + " module-path, MKDDI_PKCS11_MODULE or p11-kit's proxy.")
  @Nullable String signingKey;

  @Option(
      names = "--certificate",
      paramLabel = "PEM",
      description =
          "Certificate of the signing key (overrides verity_signature_certificate); for a token"
              + " key, default: the token's certificate with the key's ID.")
  @Nullable Path certificate;

  @Option(
      names = "--defer-signature",
      description =
          "Two-stage signing: reserve the signature partition (same size and place as in a signed"
              + " build) and leave it empty; no key is used. Sign the .roothash later and add the"
              + " signature with mkddi sign.")
  boolean deferSignature;

  @Option(
      names = "--secure-boot-key",
      paramLabel = "PEM|URI",
      description =
          "Key that Authenticode-signs systemd-boot and the UKI for UEFI Secure Boot (overrides"
              + " <bootloader secure_boot_key>): a PEM file or a PKCS#11 URI.")
  @Nullable String secureBootKey;

  @Option(
      names = "--secure-boot-certificate",
      paramLabel = "PEM",
      description =
          "Certificate of the Secure Boot key (overrides <bootloader secure_boot_certificate>);"
              + " for a token key, default: the token's certificate with the key's ID.")
  @Nullable Path secureBootCertificate;

  @Option(
      names = "--key-password-file",
      paramLabel = "FILE",
      description =
          "File whose first line is the password of an encrypted PEM key or the token's PIN, for"
              + " the verity and the Secure Boot key alike.")
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
    if (deferSignature && signingKey != null) {
      throw new InvalidInputException(
          "--defer-signature and --signing-key exclude each other: a deferred build uses no"
              + " verity key (sign later with mkddi sign)");
    }
    SigningOptions signing =
        SigningOptions.NONE
            .withVerity(Optional.ofNullable(signingKey), Optional.ofNullable(certificate))
            .withDeferredVerity(deferSignature)
            .withSecureBoot(
                Optional.ofNullable(secureBootKey), Optional.ofNullable(secureBootCertificate));
    BuildRequest request =
        new BuildRequest(
            descriptionOptions.description,
            descriptionOptions.loadOptions().withSigning(signing),
            targetDir,
            Optional.ofNullable(seed),
            Optional.ofNullable(keyPasswordFile),
            SourceDateEpoch.fromEnvironment(),
            split,
            new BuildRequest.Update(updateArtifacts, Optional.ofNullable(updateSigningKey)),
            !descriptionOptions.noInitrdCheck,
            Pkcs11Module.fromEnvironment());
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
