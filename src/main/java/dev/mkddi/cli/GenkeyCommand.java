package dev.mkddi.cli;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.GeneratedKey;
import dev.mkddi.sign.GeneratedTokenKey;
import dev.mkddi.sign.KeyGenerator;
import dev.mkddi.sign.KeyType;
import dev.mkddi.sign.Pkcs11Uri;
import dev.mkddi.sign.TokenKeyGenerator;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
      "With --pkcs11-uri the key pair is made inside a PKCS#11 token (never leaving it) and the"
          + " certificate is stored next to it, and in DIR/verity.crt when --output-dir is given.",
      "The certificate: SHA-256, CA:FALSE, keyUsage digitalSignature; install it as"
          + " /etc/verity.d/NAME.crt or in a kernel keyring to trust the images it signs."
    })
final class GenkeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DebugOption debug;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Where to write verity.key and verity.crt (created if missing); with --pkcs11-uri only"
              + " verity.crt, and optional.")
  @Nullable Path outputDir;

  @Option(
      names = "--pkcs11-uri",
      paramLabel = "URI",
      description =
          "Make the key pair in this PKCS#11 token: pkcs11:token=T;object=LABEL[;id=ID], PIN and"
              + " module-path as for --signing-key.")
  @Nullable String pkcs11Uri;

  @Option(
      names = "--key-password-file",
      paramLabel = "FILE",
      description = "With --pkcs11-uri: file whose first line is the token's PIN.")
  @Nullable Path keyPasswordFile;

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
    if (pkcs11Uri != null) {
      return inToken(pkcs11Uri);
    }
    if (outputDir == null) {
      throw new InvalidInputException("genkey: give --output-dir DIR (or --pkcs11-uri URI)");
    }
    if (keyPasswordFile != null) {
      throw new InvalidInputException(
          "genkey: --key-password-file is the token's PIN and needs --pkcs11-uri (the PEM key is"
              + " written unencrypted)");
    }
    GeneratedKey key =
        KeyGenerator.generate(type, commonName, Instant.now(), days, new SecureRandom());
    List<Path> written = key.write(outputDir, force);
    var out = spec.commandLine().getOut();
    out.println("wrote " + written.get(0) + " (" + size() + " private key, PKCS#8 PEM, mode 0600)");
    out.println("wrote " + written.get(1) + " (" + describe(key.certificate()) + ")");
    out.flush();
    return 0;
  }

  private int inToken(String uri) throws Exception {
    GeneratedTokenKey key =
        TokenKeyGenerator.generate(
            type,
            Pkcs11Uri.parse(uri, "--pkcs11-uri"),
            Optional.ofNullable(keyPasswordFile),
            Pkcs11Module.fromEnvironment(),
            commonName,
            Instant.now(),
            days,
            new SecureRandom());
    var out = spec.commandLine().getOut();
    out.println("generated " + size() + " key pair in the token: " + key.uri());
    if (outputDir != null) {
      out.println(
          "wrote "
              + key.writeCertificate(outputDir, force)
              + " ("
              + describe(key.certificate())
              + ")");
    } else {
      out.println("stored its certificate on the token (" + describe(key.certificate()) + ")");
    }
    out.flush();
    return 0;
  }

  private String size() {
    return type == KeyType.RSA ? "RSA " + KeyGenerator.RSA_BITS : "EC P-256";
  }

  private static String describe(X509Certificate c) {
    return c.getSubjectX500Principal().getName()
        + ", valid until "
        + c.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate()
        + ", sha256 fingerprint "
        + Certificates.fingerprint(c);
  }
}
