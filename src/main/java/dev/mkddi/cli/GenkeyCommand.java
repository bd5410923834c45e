package dev.mkddi.cli;

import dev.mkddi.sign.GeneratedKey;
import dev.mkddi.sign.KeyGenerator;
import dev.mkddi.sign.KeyType;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mkddi genkey}: a verity signing key and its self-signed certificate. */
@Command(
    name = "genkey",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Generates a verity signing key (DIR/verity.key, PKCS#8 PEM, mode 0600) and its self-signed"
          + " X.509 certificate (DIR/verity.crt), for build --signing-key/--certificate.",
      "The certificate: SHA-256, CA:FALSE, keyUsage digitalSignature; install it as"
          + " /etc/verity.d/NAME.crt or in a kernel keyring to trust the images it signs."
    })
final class GenkeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DebugOption debug;

  @Option(
      names = "--output-dir",
      required = true,
      paramLabel = "DIR",
      description = "Where to write verity.key and verity.crt (created if missing).")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before call()
  Path outputDir;

  @Option(
      names = "--common-name",
      paramLabel = "CN",
      description = "Certificate subject common name (default: '${DEFAULT-VALUE}').")
  String commonName = KeyGenerator.DEFAULT_COMMON_NAME;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Certificate validity in days from now (default: ${DEFAULT-VALUE}).")
  int days = KeyGenerator.DEFAULT_DAYS;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "Key type: rsa (RSA 3072) or ec (NIST P-256) (default: rsa).")
  KeyType type = KeyType.RSA;

  @Option(names = "--force", description = "Replace existing verity.key and verity.crt.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    GeneratedKey key =
        KeyGenerator.generate(type, commonName, Instant.now(), days, new SecureRandom());
    List<Path> written = key.write(outputDir, force);
    String size = type == KeyType.RSA ? "RSA " + KeyGenerator.RSA_BITS : "EC P-256";
    var out = spec.commandLine().getOut();
    out.println("wrote " + written.get(0) + " (" + size + " private key, PKCS#8 PEM, mode 0600)");
    out.println(
        "wrote "
            + written.get(1)
            + " ("
            + key.certificate().getSubjectX500Principal().getName()
            + ", valid until "
            + key.certificate().getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate()
            + ", sha256 fingerprint "
            + key.certificateFingerprint()
            + ")");
    out.flush();
    return 0;
  }
}
