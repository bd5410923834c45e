package dev.mkddi.cli;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.AuthenticodeSigner;
import dev.mkddi.sign.KeyReference;
import dev.mkddi.sign.SigningKey;
import dev.mkddi.uki.PeSigner;
import dev.mkddi.uki.SignedPe;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi sbsign}: Authenticode-signs a PE file for UEFI Secure Boot. */
@Command(
    name = "sbsign",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Signs a PE/EFI file (a boot loader, a UKI, a kernel) for UEFI Secure Boot, as sbsign does:"
          + " the Authenticode image hash, a PKCS#7 signature in the certificate table, the PE"
          + " checksum. Deterministic: no signing time, so the same key and input give the same"
          + " bytes (EC keys in a PKCS#11 token excepted).",
      "The key is a PEM file or a PKCS#11 URI (pkcs11:token=…;object=…); the module comes from the"
          + " URI's module-path, MKDDI_PKCS11_MODULE, or p11-kit's proxy."
    })
final class SbsignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;

  @Parameters(index = "0", paramLabel = "IN", description = "The unsigned PE file.")
  Path input;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where the signed file goes.")
  Path output;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PEM|URI",
      description = "The private key: a PEM file or a PKCS#11 URI.")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
  String key;

  @Option(
      names = "--certificate",
      paramLabel = "PEM",
      description =
          "The key's X.509 certificate (PEM or DER); for a token key, default: the token's"
              + " certificate with the key's ID.")
  @Nullable Path certificate;

  @Option(
      names = "--key-password-file",
      paramLabel = "FILE",
      description = "File whose first line is the PEM key's password or the token's PIN.")
  @Nullable Path keyPasswordFile;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(input)) {
      throw new InvalidInputException(
          input + (Files.exists(input) ? ": not a regular file" : ": does not exist"));
    }
    SigningKey signingKey =
        new KeyReference(
                key,
                Optional.ofNullable(certificate),
                Optional.ofNullable(keyPasswordFile),
                Pkcs11Module.fromEnvironment())
            .open("--key");
    StderrListener listener = StderrListener.forProcess();
    if (!signingKey.deterministic()) {
      listener.warn(
          signingKey.name()
              + ": the token signs ECDSA with a random nonce: signing the same file again gives"
              + " other bytes (an RSA key gives identical ones)");
    }
    AuthenticodeSigner signer = new AuthenticodeSigner(signingKey);
    SignedPe signed;
    try (FileChannel in = FileChannel.open(input, StandardOpenOption.READ);
        AtomicFile out = AtomicFile.create(output.toAbsolutePath())) {
      try {
        signed = PeSigner.sign(in, out.channel(), input.toString(), signer::sign, listener);
      } catch (ChannelIOException e) {
        throw e.isOn(out.channel()) ? e.on(out.temp()) : e;
      }
      out.commit();
    }
    var out = spec.commandLine().getOut();
    out.println(
        output
            + ": signed by "
            + signingKey.certificate().getSubjectX500Principal().getName()
            + " (certificate sha256 "
            + signingKey.certificateFingerprint()
            + "), image hash sha256 "
            + Hex.encode(signed.imageDigest()));
    out.flush();
    return ExitCode.OK;
  }
}
