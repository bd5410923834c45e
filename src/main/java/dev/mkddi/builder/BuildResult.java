package dev.mkddi.builder;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code mkddi build} produced. Immutable and thread-safe.
 *
 * @param image the disk image
 * @param rootHash the root hash, lower-case hex
 * @param cmdline the kernel command line (without a newline)
 * @param files every file written, the image first
 * @param manifest the {@code .json} manifest as an ordered map (what {@code --json} prints)
 */
public record BuildResult(
    Path image, String rootHash, String cmdline, List<Path> files, Map<String, Object> manifest) {

  /** Copies the collections. */
  public BuildResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rootHash, "rootHash");
    files = List.copyOf(files);
    manifest = Collections.unmodifiableMap(new LinkedHashMap<>(manifest));
  }
}
