package dev.mkddi.cli;

import dev.mkddi.builder.DeferredSignature;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.KeyReference;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.Signer;
import dev.mkddi.sign.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi sign}: the second stage of two-stage signing. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Adds the root-hash signature to an image built with mkddi build --defer-signature: the"
          + " PKCS#7 signature goes into the reserved signature partition, IMAGE.roothash.p7s is"
          + " written and IMAGE.json updated; nothing else in the image changes, so the result is"
          + " the image a one-stage signed build gives.",
      "Either --signature with the detached DER PKCS#7 of the .roothash file's content (e.g. from"
          + " a signing service: openssl cms -sign -binary -outform DER -nosmimecap -noattr"
          + " -in IMAGE.roothash …) and --certificate, or --signing-key to sign here (a PEM file or"
          + " a PKCS#11 URI). The signature must verify over this image's root hash with the"
          + " certificate; otherwise nothing is written."
    })
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (its .json beside it).")
  Path image;

  @Option(
      names = "--signature",
      paramLabel = "P7S",
      description = "The detached DER PKCS#7 signature of the root hash, made elsewhere.")
  @Nullable Path signature;

  @Option(
      names = "--signing-key",
      paramLabel = "PEM|URI",
      description = "Sign here with this key: a PEM file or a PKCS#11 URI.")
  @Nullable String signingKey;

  @Option(
      names = "--certificate",
      paramLabel = "PEM",
      description =
          "The signer's certificate; required with --signature, for a token key default: the"
              + " token's certificate with the key's ID.")
  @Nullable Path certificate;

  @Option(
      names = "--key-password-file",
      paramLabel = "FILE",
      description = "File whose first line is the PEM key's password or the token's PIN.")
  @Nullable Path keyPasswordFile;

  SignCommand() {
    image = Path.of("");
  }

  /** One warning line on stderr, as {@link StderrListener} writes them. */
  private void warn(String message) {
    var err = spec.commandLine().getErr();
    err.println("warning: " + message);
    err.flush();
  }

  @Override
  public Integer call() throws Exception {
    if ((signature == null) == (signingKey == null)) {
      throw new InvalidInputException(
          "mkddi sign: give either --signature (with --certificate) or --signing-key");
    }
    String hex = DeferredSignature.rootHash(image); // the image's checks before the signature's
    byte[] der;
    X509Certificate cert;
    @Nullable String warning = null; // printed once the signature is in: a refusal stays one line
    if (signature != null) {
      if (certificate == null) {
        throw new InvalidInputException(
            "--signature needs --certificate: the signer's certificate it is checked with");
      }
      if (!Files.isRegularFile(signature)) {
        throw new InvalidInputException(signature + ": does not exist");
      }
      cert = Certificates.load(certificate);
      der = Files.readAllBytes(signature);
      if (!(cert.getPublicKey() instanceof RSAPublicKey)) {
        warning =
            (signature
                + ": an ECDSA signature is byte-identical to a one-stage signed build only when"
                + " both drew the same nonce: mkddi derives it from the key and the root hash (RFC"
                + " 6979), a token or signing service usually draws a random one, and then the"
                + " signature partition, .roothash.p7s and .json differ (RSA signatures are"
                + " deterministic)");
      }
    } else {
      SigningKey key =
          new KeyReference(
                  String.valueOf(signingKey),
                  Optional.ofNullable(certificate),
                  Optional.ofNullable(keyPasswordFile),
                  Pkcs11Module.fromEnvironment())
              .open("--signing-key");
      if (!key.deterministic()) {
        warning =
            (key.name()
                + ": the token signs ECDSA with a random nonce: the image is not byte-identical to"
                + " a one-stage signed build, nor to another signing of it (an RSA key, or an EC"
                + " key from a PEM file, signs deterministically)");
      }
      Signer signer = new Signer(key);
      der = signer.signRootHash(hex);
      cert = key.certificate();
    }
    SignatureCheck check = DeferredSignature.fill(image, der, cert);
    if (warning != null) {
      warn(warning);
    }
    SideFiles side = SideFiles.of(image);
    var out = spec.commandLine().getOut();
    out.println(
        image
            + ": root hash "
            + hex
            + " signed by "
            + check.signer().getSubjectX500Principal().getName()
            + " (certificate sha256 "
            + check.signerFingerprint()
            + "); wrote "
            + side.file("roothash.p7s").getFileName()
            + " and updated "
            + side.manifest().getFileName());
    out.flush();
    return ExitCode.OK;
  }
}
