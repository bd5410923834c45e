package dev.mkddi.builder;

import dev.mkddi.description.BootloaderSpec;
import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.KiwiMetadataKey;
import dev.mkddi.description.SecureBootSpec;
import dev.mkddi.description.SignatureSpec;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.KeyReference;
import dev.mkddi.sign.PemSigningKey;
import dev.mkddi.sign.Signer;
import dev.mkddi.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.UUID;

/**
 * First step: loads and validates the description and opens the signing keys (the verity key and
 * the Secure Boot key, each once, a PEM file or a key in a PKCS#11 token), so that every error in
 * the user's input — a wrong password or PIN included — is reported before any output is written.
 * Stateless.
 */
final class PrepareStep {
  private PrepareStep() {}

  /**
   * @param request the build request
   * @param listener receives the description's warnings
   * @return the context for the other steps
   * @throws InvalidInputException when the description has problems or a key cannot be used
   * @throws IOException when a file cannot be read
   */
  static BuildContext run(BuildRequest request, ProgressListener listener) throws IOException {
    ImageDescription d =
        DescriptionLoader.load(request.description(), request.loadOptions(), listener);
    d.validateForBuild();
    Architecture arch = d.arch();
    UUID seed = request.seed().orElseGet(() -> SeedDerivation.defaultSeed(d.name(), d.version()));
    SignatureSpec verity = d.disk().verity().signature();
    Optional<Signer> signer =
        verity.signs()
            ? Optional.of(
                new Signer(
                    open(
                        "verity signing key",
                        verity.key(),
                        verity.certificate(),
                        request,
                        listener)))
            : Optional.empty();
    SecureBootSpec sb =
        d.disk().bootloader().map(BootloaderSpec::secureBoot).orElse(SecureBootSpec.NONE);
    Optional<SigningKey> secureBoot =
        sb.signs()
            ? Optional.of(open("Secure Boot key", sb.key(), sb.certificate(), request, listener))
            : Optional.empty();
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
        secureBoot,
        request.sourceDateEpoch(),
        listener);
  }

  /** Opens a key the description (or the command line through it) names. */
  private static SigningKey open(
      String what,
      Optional<String> key,
      Optional<Path> certificate,
      BuildRequest request,
      ProgressListener listener)
      throws IOException {
    SigningKey k =
        new KeyReference(
                key.orElseThrow(), certificate, request.keyPasswordFile(), request.pkcs11Module())
            .open(what);
    if (!k.deterministic()) {
      listener.warn(
          k.name()
              + ": an EC key in a PKCS#11 token signs with a random ECDSA nonce: the signatures"
              + " it makes differ from build to build (everything else stays identical; an RSA"
              + " key, or an EC key from a PEM file, signs deterministically)");
    }
    return k;
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
    if (!(signer.orElseThrow().key() instanceof PemSigningKey)) {
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
}
