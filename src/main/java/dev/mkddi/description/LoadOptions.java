package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load a description: the profiles to select, strictness, the target architecture and the
 * signing key and certificate given on the command line (they replace the description's).
 * Immutable.
 *
 * @param profiles profiles to select, in order; empty = the profiles marked {@code import="true"}
 * @param strict whether every warning (such as kiwi vocabulary mkddi ignores) is an error
 * @param arch the target architecture
 * @param signingKey a PEM private key replacing {@code verity_signature_key}
 * @param certificate a PEM certificate replacing {@code verity_signature_certificate}
 */
public record LoadOptions(
    List<String> profiles,
    boolean strict,
    Architecture arch,
    Optional<Path> signingKey,
    Optional<Path> certificate) {

  /** Checks for nulls and copies the list. */
  public LoadOptions {
    profiles = List.copyOf(profiles);
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(certificate, "certificate");
  }

  /**
   * @param arch the target architecture
   * @return default options: import profiles, warnings not errors, no key override
   */
  public static LoadOptions forArch(Architecture arch) {
    return new LoadOptions(List.of(), false, arch, Optional.empty(), Optional.empty());
  }

  /**
   * Like {@link #forArch(Architecture)}, for names known to be valid (tests, defaults).
   *
   * @param arch an architecture name {@link Architecture#find} knows
   * @return default options
   * @throws IllegalArgumentException when the name is unknown
   */
  public static LoadOptions forArch(String arch) {
    return forArch(
        Architecture.find(arch)
            .orElseThrow(() -> new IllegalArgumentException("unknown architecture " + arch)));
  }

  /**
   * @param selected profiles to select, in order
   * @return a copy with these profiles
   */
  public LoadOptions withProfiles(List<String> selected) {
    return new LoadOptions(selected, strict, arch, signingKey, certificate);
  }

  /**
   * @param isStrict whether ignored vocabulary is an error
   * @return a copy with this strictness
   */
  public LoadOptions withStrict(boolean isStrict) {
    return new LoadOptions(profiles, isStrict, arch, signingKey, certificate);
  }

  /**
   * @param key a PEM private key, or empty to keep the description's
   * @param cert a PEM certificate, or empty to keep the description's
   * @return a copy with these overrides
   */
  public LoadOptions withSigning(Optional<Path> key, Optional<Path> cert) {
    return new LoadOptions(profiles, strict, arch, key, cert);
  }
}
