package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load a description: the profiles to select, strictness, the target architecture and the
 * signing settings and prepared root given on the command line (they replace the description's).
 * Immutable.
 *
 * @param profiles profiles to select, in order; empty = the profiles marked {@code import="true"}
 * @param strict whether every warning (such as kiwi vocabulary mkddi ignores) is an error
 * @param arch the target architecture
 * @param signing keys and certificates replacing the description's, and deferred signing
 * @param preparedRoot a prepared root tree ({@code --root}: a directory or a tar archive) replacing
 *     the description's archives and {@code root.tar.gz}
 * @param tools where external programs the description needs are looked up ({@code mkfs.xfs},
 *     {@code mkfs.btrfs})
 */
public record LoadOptions(
    List<String> profiles,
    boolean strict,
    Architecture arch,
    SigningOptions signing,
    Optional<Path> preparedRoot,
    HostTools tools) {

  /** Checks for nulls and copies the list. */
  public LoadOptions {
    profiles = List.copyOf(profiles);
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(signing, "signing");
    Objects.requireNonNull(preparedRoot, "preparedRoot");
    Objects.requireNonNull(tools, "tools");
  }

  /** Options without a prepared root (the form before {@code --root}). */
  public LoadOptions(
      List<String> profiles, boolean strict, Architecture arch, SigningOptions signing) {
    this(profiles, strict, arch, signing, Optional.empty(), HostTools.NONE);
  }

  /**
   * @param arch the target architecture
   * @return default options: import profiles, warnings not errors, no key override
   */
  public static LoadOptions forArch(Architecture arch) {
    return new LoadOptions(
        List.of(), false, arch, SigningOptions.NONE, Optional.empty(), HostTools.NONE);
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
    return new LoadOptions(selected, strict, arch, signing, preparedRoot, tools);
  }

  /**
   * @param isStrict whether ignored vocabulary is an error
   * @return a copy with this strictness
   */
  public LoadOptions withStrict(boolean isStrict) {
    return new LoadOptions(profiles, isStrict, arch, signing, preparedRoot, tools);
  }

  /**
   * @param overrides the signing settings of the command line
   * @return a copy with these overrides
   */
  public LoadOptions withSigning(SigningOptions overrides) {
    return new LoadOptions(profiles, strict, arch, overrides, preparedRoot, tools);
  }

  /**
   * @param root a prepared root (a directory or a tar archive, {@code --root}) that replaces the
   *     description's archives and {@code root.tar.gz}, or empty for the description's own
   * @return a copy with this root
   */
  public LoadOptions withPreparedRoot(Optional<Path> root) {
    return new LoadOptions(profiles, strict, arch, signing, root, tools);
  }

  /**
   * @param searched where external programs are looked up
   * @return a copy with these tools
   */
  public LoadOptions withTools(HostTools searched) {
    return new LoadOptions(profiles, strict, arch, signing, preparedRoot, searched);
  }
}
