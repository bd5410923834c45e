package dev.mkddi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: prints help when called without a subcommand. */
@Command(
    name = "mkddi",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Builds signed, reproducible Discoverable Disk Images (GPT + EROFS + dm-verity).",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Add --debug to any command to see stack traces; mkddi help COMMAND for its help."
    })
final class MkddiCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }
}
