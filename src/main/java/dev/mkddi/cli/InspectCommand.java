package dev.mkddi.cli;

import dev.mkddi.inspect.ImageInspector;
import dev.mkddi.inspect.ImageReport;
import dev.mkddi.io.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi inspect IMAGE [--json]}: shows the partitions of a disk image. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the GPT partitions of a disk image or block device (any GPT disk, not only mkddi's):"
          + " DPS designator and architecture, label, PARTUUID, offset, size and flags, what"
          + " mkddi can read inside the partitions, and the root hash with its source (a"
          + " .roothash file next to the image, the signature partition, or the PARTUUIDs of the"
          + " verity partitions).",
      "Reads the backup GPT when the primary one is damaged, and says so on stderr."
    })
final class InspectCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "IMAGE", description = "The disk image (.raw) or block device.")
  Path image;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(image)) {
      throw new InvalidInputException(image + ": no such file or device");
    }
    if (Files.isDirectory(image)) {
      throw new InvalidInputException(image + ": is a directory, expected a disk image");
    }
    ImageReport report = ImageInspector.standard().inspect(image, StderrListener.forProcess());
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? InspectOutput.json(report) : InspectOutput.text(report));
    out.flush();
    return 0;
  }
}
