package dev.mkddi.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Mixin for what every {@code mkddi mkfs TYPE} that packs a tree takes: {@code SOURCE... OUTPUT}
 * and {@code --all-root}.
 */
final class MkfsSources {
  @Parameters(
      arity = "2..*",
      paramLabel = "SOURCE... OUTPUT",
      hideParamSyntax = true,
      description = "Directories or tar archives, then the image file to write.")
  List<Path> paths = List.of();

  @Option(names = "--all-root", description = "Make every entry owned by 0:0.")
  boolean allRoot;
}
