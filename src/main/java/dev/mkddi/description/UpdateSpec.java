package dev.mkddi.description;

import java.util.Objects;
import java.util.Optional;

/**
 * How an A/B image is updated by systemd-sysupdate: whether a build writes the update artifacts
 * (the partition files, the UKI and {@code SHA256SUMS}) and where the running image fetches them
 * from, which makes the build install {@code .transfer} definitions into the image. Immutable.
 *
 * @param artifacts whether every build writes the update artifacts ({@code update_artifacts})
 * @param source where updates come from ({@code update_source}): an {@code http(s)://} or {@code
 *     file://} URL (sysupdate's {@code url-file}) or an absolute directory ({@code regular-file});
 *     empty: no {@code .transfer} files
 * @param compression how the partition files are compressed
 * @param tries the boot-counting tries a newly installed UKI gets ({@code update_tries}); 0 turns
 *     boot counting off
 */
public record UpdateSpec(
    boolean artifacts, Optional<String> source, UpdateCompression compression, int tries) {
  /** systemd-sysupdate's default {@code TriesLeft=}. */
  public static final int DEFAULT_TRIES = 3;

  /** Checks the fields. */
  public UpdateSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(compression, "compression");
    if (tries < 0) {
      throw new IllegalArgumentException("tries must not be negative: " + tries);
    }
  }

  /**
   * @return no artifacts, no transfers, zstd and systemd's default tries
   */
  public static UpdateSpec none() {
    return new UpdateSpec(false, Optional.empty(), UpdateCompression.ZSTD, DEFAULT_TRIES);
  }

  /**
   * @return whether the source is a URL (sysupdate's {@code url-file}) rather than a directory
   */
  public boolean sourceIsUrl() {
    return source.map(s -> s.contains("://")).orElse(false);
  }

  /**
   * @param value an {@code update_source} value
   * @return whether sysupdate accepts it: an {@code http://}, {@code https://} or {@code file://}
   *     URL, or an absolute, normalized path
   */
  public static boolean validSource(String value) {
    if (value.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      return false;
    }
    if (value.startsWith("http://") || value.startsWith("https://")) {
      int host = value.indexOf("://") + 3;
      return host < value.length() && value.charAt(host) != '/';
    }
    if (value.startsWith("file://")) {
      return value.startsWith("file:///");
    }
    return value.startsWith("/")
        && !value.contains("//")
        && !value.contains("/./")
        && !value.contains("/../")
        && !value.endsWith("/.")
        && !value.endsWith("/..");
  }
}
