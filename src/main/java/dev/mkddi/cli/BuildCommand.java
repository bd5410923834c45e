package dev.mkddi.cli;

import dev.mkddi.builder.BuildRequest;
import dev.mkddi.builder.BuildResult;
import dev.mkddi.builder.ImageBuilder;
import dev.mkddi.description.LoadOptions;
import dev.mkddi.io.ExitCode;
import dev.mkddi.sign.KeyReference;
import dev.mkddi.sign.Pkcs11Uri;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
          + " EROFS root, its dm-verity partition (PARTUUIDs from the root hash), the signature"
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
      names = "--key-password-file",
      paramLabel = "FILE",
      description =
          "File whose first line is the password of an encrypted signing key, or the token's PIN.")
  @Nullable Path keyPasswordFile;

  @Option(
      names = "--split",
      description = "Also write each partition to <base>.<type>.raw, as systemd-repart --split.")
  boolean split;

  @Option(names = "--json", description = "Print the manifest (the .json file) on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    String key = signingKey;
    boolean inToken = key != null && Pkcs11Uri.isUri(key);
    Optional<KeyReference> tokenKey =
        key != null && inToken
            ? Optional.of(
                new KeyReference(
                    key,
                    Optional.ofNullable(certificate),
                    Optional.ofNullable(keyPasswordFile),
                    Pkcs11Module.fromEnvironment()))
            : Optional.empty();
    // a token key replaces the description's key and certificate in the build itself; the
    // description keeps checking its own pair
    LoadOptions options =
        inToken
            ? descriptionOptions.loadOptions()
            : descriptionOptions
                .loadOptions()
                .withSigning(
                    Optional.ofNullable(signingKey).map(Path::of),
                    Optional.ofNullable(certificate));
    BuildRequest request =
        new BuildRequest(
            descriptionOptions.description,
            options,
            targetDir,
            Optional.ofNullable(seed),
            Optional.ofNullable(keyPasswordFile),
            SourceDateEpoch.fromEnvironment(),
            split,
            tokenKey);
    BuildResult result = new ImageBuilder(StderrListener.forProcess()).build(request);
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
