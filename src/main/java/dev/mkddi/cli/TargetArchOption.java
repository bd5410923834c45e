package dev.mkddi.cli;

import dev.mkddi.description.ArchNames;
import dev.mkddi.io.InvalidInputException;
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
  String arch;

  /**
   * @return the target architecture in {@code uname -m} spelling
   * @throws InvalidInputException when the name is unknown
   */
  String resolve() throws InvalidInputException {
    return ArchNames.canonical(arch != null ? arch : System.getProperty("os.arch", "x86_64"));
  }
}
