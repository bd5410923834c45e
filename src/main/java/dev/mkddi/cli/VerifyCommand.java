package dev.mkddi.cli;

import dev.mkddi.inspect.ImageVerifier;
import dev.mkddi.inspect.VerifyCheck;
import dev.mkddi.inspect.VerifyReport;
import dev.mkddi.inspect.VerifyRequest;
import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi verify IMAGE}: checks a Discoverable Disk Image end to end. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Verifies a Discoverable Disk Image end to end (mkddi's, systemd-repart's, kiwi's): GPT,"
          + " PARTUUIDs, DPS types, the root hash, every verity block, the signatures.",
      "The root hash from --root-hash, IMAGE's .roothash file, the signature partition and the"
          + " verity PARTUUIDs: all that exist must agree. Every data and hash block is checked"
          + " against it as veritysetup verify does, and the PKCS#7 signature of the root hash in"
          + " the signature partition and in .roothash.p7s against --certificate, or else only"
          + " against the certificate embedded in it, which proves integrity, not trust. Of A/B"
          + " slots, the one whose PARTUUIDs match the root hash is verified; _empty slots are"
          + " skipped."
    })
final class VerifyCommand implements Callable<Integer> {
  /** The shortest root hash mkddi accepts: 16 bytes, one PARTUUID. */
  private static final int MIN_ROOT_HASH_BYTES = 16;

  @Spec CommandSpec spec;

  @Mixin DebugOption debug;

  @Parameters(paramLabel = "IMAGE", description = "The disk image (.raw) or block device.")
  Path image;

  @Option(
      names = "--root-hash",
      paramLabel = "HEX",
      description = "The root hash the image must have (checked against every other source).")
  @Nullable String rootHash;

  @Option(
      names = "--certificate",
      paramLabel = "PEM",
      description =
          "The certificate that must have signed the root hash (PEM or DER); pins the signer.")
  @Nullable Path certificate;

  @Option(
      names = "--secure-boot-certificate",
      paramLabel = "PEM",
      description =
          "The certificate every PE file on the ESP (boot loader, systemd-boot, each UKI) must be"
              + " Authenticode-signed by (PEM or DER); pins the Secure Boot signer of the boot"
              + " chain. An unsigned or otherwise signed file fails, naming it and its signer.")
  @Nullable Path secureBootCertificate;

  @Mixin HashOffsetOption hashOffset;

  @Option(
      names = "--strict",
      description =
          "Also fail on what the consumers ignore but a careful signer never writes: an unknown"
              + " key in the signature partition's JSON (a misspelt certificateFingerprint)."
              + " Without it, such findings are warnings.")
  boolean strict;

  @Option(names = "--json", description = "Print one JSON object instead of the checklist.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    requireImage(image);
    VerifyRequest request =
        new VerifyRequest(
            image,
            rootHash(),
            existing("--certificate", certificate),
            hashOffset.resolve(),
            existing("--secure-boot-certificate", secureBootCertificate),
            strict);
    VerifyReport report = new ImageVerifier(StderrListener.forProcess()).verify(request);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? VerifyOutput.json(report) : VerifyOutput.text(report));
    out.flush();
    Optional<VerifyCheck> problem = report.firstProblem();
    if (problem.isPresent()) {
      String message = problem.get().message();
      throw new CheckFailedException(
          (message.startsWith(image.toString()) ? "" : image + ": ")
              + VerifyOutput.label(problem.get())
              + ": "
              + message);
    }
    return ExitCode.OK;
  }

  /**
   * @param image the image argument
   * @throws InvalidInputException when it does not exist or is a directory
   */
  static void requireImage(Path image) throws InvalidInputException {
    if (!Files.exists(image)) {
      throw new InvalidInputException(image + ": no such file or device");
    }
    if (Files.isDirectory(image)) {
      throw new InvalidInputException(image + ": is a directory, expected a disk image");
    }
  }

  private Optional<String> rootHash() throws InvalidInputException {
    if (rootHash == null) {
      return Optional.empty();
    }
    byte[] h = Hex.decode("--root-hash", rootHash.strip());
    if (h.length < MIN_ROOT_HASH_BYTES) {
      throw new InvalidInputException(
          "--root-hash: " + h.length + " bytes is too short for a root hash");
    }
    return Optional.of(Hex.encode(h));
  }

  private static Optional<Path> existing(String option, @Nullable Path file)
      throws InvalidInputException {
    if (file != null && !Files.isRegularFile(file)) {
      throw new InvalidInputException(option + " " + file + ": no such file");
    }
    return Optional.ofNullable(file);
  }
}
