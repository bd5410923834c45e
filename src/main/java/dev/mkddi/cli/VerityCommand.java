package dev.mkddi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mkddi verity}: the veritysetup-compatible commands. */
@Command(
    name = "verity",
    mixinStandardHelpOptions = true,
    description = "Create, verify and dump dm-verity hash devices, byte-identical to veritysetup.",
    synopsisSubcommandLabel = "(format | verify | dump)",
    subcommands = {VerityFormatCommand.class, VerityVerifyCommand.class, VerityDumpCommand.class})
final class VerityCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing verity command");
  }
}
