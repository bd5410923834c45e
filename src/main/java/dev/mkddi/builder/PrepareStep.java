package dev.mkddi.builder;

import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.KiwiMetadataKey;
import dev.mkddi.description.SignatureSpec;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.Signer;
import dev.mkddi.sign.SigningKey;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * First step: loads and validates the description and opens the signing key, so that every error in
 * the user's input is reported before any output is written. Stateless.
 */
final class PrepareStep {
  private PrepareStep() {}

  /**
   * @param request the build request
   * @param listener receives the description's warnings
   * @return the context for the other steps
   * @throws InvalidInputException when the description has problems or the key cannot be used
   * @throws IOException when a file cannot be read
   */
  static BuildContext run(BuildRequest request, ProgressListener listener) throws IOException {
    ImageDescription d =
        DescriptionLoader.load(request.description(), request.loadOptions(), listener);
    d.validateForBuild();
    Architecture arch = d.arch();
    UUID seed = request.seed().orElseGet(() -> SeedDerivation.defaultSeed(d.name(), d.version()));
    Optional<Signer> signer = signer(d.disk().verity().signature(), request);
    if (d.disk().verity().embedMetadata()) {
      checkMetadataKey(d, signer);
    }
    return new BuildContext(
        d,
        request,
        arch,
        seed,
        new SeedDerivation(seed),
        signer,
        request.sourceDateEpoch(),
        listener);
  }

  /** The rule of {@link KiwiMetadataKey}, for the key actually opened (maybe from the CLI). */
  private static void checkMetadataKey(ImageDescription d, Optional<Signer> signer)
      throws InvalidInputException {
    Optional<String> problem =
        KiwiMetadataKey.problem(signer.map(s -> s.key().privateKey().getAlgorithm()));
    if (problem.isPresent()) {
      throw new InvalidInputException(d.file() + ": " + problem.get());
    }
  }

  private static Optional<Signer> signer(SignatureSpec spec, BuildRequest request)
      throws IOException {
    if (!spec.signs()) {
      return Optional.empty();
    }
    if (spec.certificate().isEmpty()) {
      throw new InvalidInputException(
          "signing key "
              + spec.key().get()
              + " given without a certificate"
              + " (verity_signature_certificate or --certificate)");
    }
    char[] password =
        request.keyPasswordFile().isPresent()
            ? SigningKey.readPassword(request.keyPasswordFile().get())
            : null;
    try {
      return Optional.of(Signer.load(spec.key().get(), spec.certificate().get(), password));
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }
}
