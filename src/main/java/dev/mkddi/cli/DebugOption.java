package dev.mkddi.cli;

import picocli.CommandLine.Option;

/**
 * Mixin for {@code --debug}; every subcommand mixes it in. Main looks for the flag in the parsed
 * arguments to decide whether to print stack traces.
 */
final class DebugOption {
  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;
}
