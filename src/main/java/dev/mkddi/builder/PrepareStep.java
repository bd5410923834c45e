package dev.mkddi.builder;

import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.KiwiMetadataKey;
import dev.mkddi.description.SignatureSpec;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.PemSigningKey;
import dev.mkddi.sign.Signer;
import dev.mkddi.sign.SigningKey;
import java.io.IOException;
import java.security.PrivateKey;
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
    if (signer.isPresent() && !signer.get().key().deterministic()) {
      listener.warn(
          signer.get().key().name()
              + ": an EC key in a PKCS#11 token signs with a random ECDSA nonce: the signature"
              + " partition and .roothash.p7s differ from build to build (everything else stays"
              + " identical; an RSA key, or an EC key from a PEM file, signs deterministically)");
    }
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

  /**
   * The rule of {@link KiwiMetadataKey}, for the key actually opened (maybe from the CLI), and a
   * key from a file: kiwi's RSA-PSS salt is derived from the seed, which a token cannot take.
   */
  private static void checkMetadataKey(ImageDescription d, Optional<Signer> signer)
      throws InvalidInputException {
    Optional<String> problem = KiwiMetadataKey.problem(signer.map(s -> s.key().type().jcaName()));
    if (problem.isPresent()) {
      throw new InvalidInputException(d.file() + ": " + problem.get());
    }
    if (!(signer.get().key() instanceof PemSigningKey)) {
      throw new InvalidInputException(
          d.file()
              + ": embed_verity_metadata=\"true\": kiwi's metadata block is signed with RSA-PSS"
              + " and a salt derived from the seed, which a key in a PKCS#11 token cannot take;"
              + " use a PEM key");
    }
  }

  /**
   * @param key the build's signing key, checked by {@link #run} to be a PEM key when kiwi's
   *     metadata block is wanted
   * @return its private key
   */
  static PrivateKey metadataKey(SigningKey key) {
    if (key instanceof PemSigningKey pem) {
      return pem.privateKey();
    }
    throw new IllegalStateException("kiwi metadata needs a PEM key, checked before the build");
  }

  private static Optional<Signer> signer(SignatureSpec spec, BuildRequest request)
      throws IOException {
    if (request.tokenKey().isPresent()) {
      return Optional.of(new Signer(request.tokenKey().get().open("--signing-key")));
    }
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
