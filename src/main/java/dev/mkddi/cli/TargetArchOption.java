package dev.mkddi.cli;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Mixin for {@code --target-arch ARCH}: the architecture an image is built for, spelt like {@code
 * uname -m}; defaults to the host's (from {@code os.arch}, so {@code amd64} becomes {@code
 * x86_64}).
 */
final class TargetArchOption {
  @Option(
      names = "--target-arch",
      paramLabel = "ARCH",
      description = "Target architecture (x86_64, aarch64, …; default: this machine's).")
  @Nullable String arch;

  /**
   * @return the target architecture
   * @throws InvalidInputException when the name is unknown
   */
  Architecture resolve() throws InvalidInputException {
    return Architecture.parse(arch != null ? arch : System.getProperty("os.arch", "x86_64"));
  }
}
