package dev.mkddi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mkddi mkfs TYPE …}: makes a file system image; the type is a subcommand. */
@Command(
    name = "mkfs",
    mixinStandardHelpOptions = true,
    description = "Makes a file system image from directories and archives.",
    synopsisSubcommandLabel = "TYPE",
    subcommands = {
      MkfsErofsCommand.class,
      MkfsExt4Command.class,
      MkfsSquashfsCommand.class,
      MkfsSwapCommand.class
    })
final class MkfsCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing file system type (erofs, ext4, squashfs, swap)");
  }
}
