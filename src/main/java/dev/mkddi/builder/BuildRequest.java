package dev.mkddi.builder;

import dev.mkddi.description.LoadOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything {@code mkddi build} was asked to do, as the CLI resolved it from options and the
 * environment. Immutable and thread-safe.
 *
 * @param description the description directory or file
 * @param loadOptions profiles, strictness, target architecture, key and certificate overrides
 * @param targetDir where the image and its side files go
 * @param seed the seed for UUIDs and salts; empty = derived from the description's name and version
 * @param keyPasswordFile file whose first line is the password of an encrypted PEM key or a token's
 *     PIN (for the verity and the Secure Boot key alike)
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH}: clamps mtimes and is the build time
 * @param split also write one file per partition
 * @param update what to write for systemd-sysupdate besides the description's settings
 * @param initrdCheck whether to refuse an initrd that cannot open the root ({@link
 *     InitrdRequirements}); off with {@code --no-initrd-check}
 * @param pkcs11Module the PKCS#11 module for key URIs without {@code module-path} ({@code
 *     MKDDI_PKCS11_MODULE}, or p11-kit's proxy, as the CLI found them)
 */
public record BuildRequest(
    Path description,
    LoadOptions loadOptions,
    Path targetDir,
    Optional<UUID> seed,
    Optional<Path> keyPasswordFile,
    Optional<Instant> sourceDateEpoch,
    boolean split,
    Update update,
    boolean initrdCheck,
    Optional<Path> pkcs11Module) {

  /**
   * A request without {@code --update-artifacts}, with the initrd check and without a PKCS#11
   * module.
   *
   * @param description the description directory or file
   * @param loadOptions profiles, strictness, target architecture, key and certificate overrides
   * @param targetDir where the image and its side files go
   * @param seed the seed for UUIDs and salts
   * @param keyPasswordFile the signing key's password file
   * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH}
   * @param split also write one file per partition
   */
  public BuildRequest(
      Path description,
      LoadOptions loadOptions,
      Path targetDir,
      Optional<UUID> seed,
      Optional<Path> keyPasswordFile,
      Optional<Instant> sourceDateEpoch,
      boolean split) {
    this(
        description,
        loadOptions,
        targetDir,
        seed,
        keyPasswordFile,
        sourceDateEpoch,
        split,
        Update.NONE,
        true,
        Optional.empty());
  }

  /**
   * {@code build --update-artifacts} and the OpenPGP key of {@code SHA256SUMS.gpg}.
   *
   * @param artifacts write the update artifacts even when the description does not ask for them
   * @param signingKey an exported OpenPGP secret key that signs {@code SHA256SUMS} (its passphrase,
   *     if any, is the first line of the key password file)
   */
  public record Update(boolean artifacts, Optional<Path> signingKey) {
    /** Nothing beyond the description. */
    public static final Update NONE = new Update(false, Optional.empty());

    /** Checks for nulls. */
    public Update {
      Objects.requireNonNull(signingKey, "signingKey");
    }
  }

  /** Checks for nulls. */
  public BuildRequest {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(loadOptions, "loadOptions");
    Objects.requireNonNull(targetDir, "targetDir");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(keyPasswordFile, "keyPasswordFile");
    Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    Objects.requireNonNull(pkcs11Module, "pkcs11Module");
  }
}
