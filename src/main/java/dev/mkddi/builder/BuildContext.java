package dev.mkddi.builder;

import dev.mkddi.description.ImageDescription;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.sign.Signer;
import dev.mkddi.sign.SigningKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What every build step needs: the validated description, the target architecture, the seed and
 * what derives from it, the root-hash signer and the Secure Boot key (when signing), the output
 * names and the listener. Immutable; thread-safe when the listener is.
 *
 * @param description the loaded, validated description
 * @param request the build request
 * @param architecture the target architecture
 * @param seed the seed in effect
 * @param derive UUIDs and salts derived from {@code seed}
 * @param signer the root-hash signer, when the image is signed
 * @param secureBootKey the key that Authenticode-signs systemd-boot and the UKI, when it is given
 * @param sourceDateEpoch the clamp time, if any
 * @param listener progress and warnings
 */
record BuildContext(
    ImageDescription description,
    BuildRequest request,
    Architecture architecture,
    UUID seed,
    SeedDerivation derive,
    Optional<Signer> signer,
    Optional<SigningKey> secureBootKey,
    Optional<Instant> sourceDateEpoch,
    ProgressListener listener) {

  BuildContext {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(secureBootKey, "secureBootKey");
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * @return the image path, {@code <target>/<name>.<arch>-<version>.raw}
   */
  Path imagePath() {
    return request.targetDir().resolve(description.imageFileName());
  }

  /**
   * @return whether the build writes the systemd-sysupdate artifacts ({@code --update-artifacts} or
   *     {@code update_artifacts}, or an OpenPGP key for them)
   */
  boolean updateArtifacts() {
    return request.update().artifacts()
        || request.update().signingKey().isPresent()
        || description.disk().update().artifacts();
  }

  /**
   * @return the files beside the image
   */
  SideFiles sideFiles() {
    return SideFiles.of(imagePath());
  }
}
