package dev.mkddi.cli;

import dev.mkddi.inspect.ImageCommandLine;
import dev.mkddi.io.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi cmdline IMAGE}: the verity kernel command line of an existing image. */
@Command(
    name = "cmdline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the verity kernel command line of an existing image (mkddi's, systemd-repart's,"
          + " kiwi's), ready for ukify --cmdline: roothash=<hex> (usrhash=<hex> for usr).",
      "The root hash comes from the same sources as verify's: the .roothash file, the signature"
          + " partition, the verity PARTUUIDs (they must agree). For kiwi's hash tree inside the"
          + " root partition it names the devices and the hash offset"
          + " (systemd.verity_root_data=, _hash=, _options=).",
      "Only what the image itself tells is printed: mkddi build writes the full line it composed"
          + " (the tree's /etc/kernel/cmdline and the description's kernelcmdline around"
          + " roothash=) to <base>.cmdline next to the image."
    })
final class CmdlineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DebugOption debug;

  @Parameters(paramLabel = "IMAGE", description = "The disk image (.raw) or block device.")
  Path image;

  @Mixin HashOffsetOption hashOffset;

  @Override
  public Integer call() throws Exception {
    VerifyCommand.requireImage(image);
    List<String> line = ImageCommandLine.of(image, hashOffset.resolve());
    PrintWriter out = spec.commandLine().getOut();
    out.print(String.join(" ", line) + "\n");
    out.flush();
    return ExitCode.OK;
  }
}
