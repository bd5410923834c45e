package dev.mkddi.builder;

import dev.mkddi.sidecar.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code mkddi build} produced. Immutable and thread-safe.
 *
 * @param image the disk image
 * @param rootHash the root hash, lower-case hex
 * @param cmdline the kernel command line (without a newline)
 * @param files every file written, the image first
 * @param manifest the {@code .json} manifest (what {@code --json} prints)
 */
public record BuildResult(
    Path image, String rootHash, String cmdline, List<Path> files, Manifest manifest) {

  /** Copies the collections. */
  public BuildResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rootHash, "rootHash");
    files = List.copyOf(files);
    Objects.requireNonNull(manifest, "manifest");
  }
}
