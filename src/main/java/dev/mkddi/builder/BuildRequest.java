package dev.mkddi.builder;

import dev.mkddi.description.LoadOptions;
import dev.mkddi.sign.KeyReference;
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
 * @param keyPasswordFile file whose first line is the signing key's password, if encrypted
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH}: clamps mtimes and is the build time
 * @param split also write one file per partition
 * @param tokenKey a signing key in a PKCS#11 token named on the command line; it replaces the
 *     description's key and certificate (the description's own attributes do not take a URI yet)
 */
public record BuildRequest(
    Path description,
    LoadOptions loadOptions,
    Path targetDir,
    Optional<UUID> seed,
    Optional<Path> keyPasswordFile,
    Optional<Instant> sourceDateEpoch,
    boolean split,
    Optional<KeyReference> tokenKey) {

  /** Checks for nulls. */
  public BuildRequest {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(loadOptions, "loadOptions");
    Objects.requireNonNull(targetDir, "targetDir");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(keyPasswordFile, "keyPasswordFile");
    Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    Objects.requireNonNull(tokenKey, "tokenKey");
  }
}
