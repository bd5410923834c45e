package dev.mkddi.cli;

import dev.mkddi.builder.InitrdRequirements;
import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.description.Diagnostic;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.LoadOptions;
import dev.mkddi.description.Location;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.ProgressListener;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mkddi describe}: prints the resolved build plan of an image description. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "Reads a kiwi-style image description and prints the resolved plan: names, the image"
          + " file, partitions with their DPS types and size policies, verity and signing, the"
          + " kernel command line, root sources in order, warnings and problems.",
      "An initrd the description names outside the root tree (<uki initrd=\"FILE\">) is"
          + " checked as build checks it; one in the root tree only by build."
    })
final class DescribeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;
  @Mixin DescriptionOptions descriptionOptions;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LoadOptions options = descriptionOptions.loadOptions();
    ImageDescription d =
        DescriptionLoader.load(descriptionOptions.description, options, ProgressListener.NONE);
    if (!descriptionOptions.noInitrdCheck) {
      Optional<String> initrd = InitrdRequirements.ofDescribedInitrd(d);
      if (initrd.isPresent()) {
        d = d.withProblem(new Diagnostic(Location.of(d.file()), initrd.get()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? DescribeOutput.toJson(d) : DescribeOutput.toText(d));
    out.flush();
    if (d.problems().isEmpty()) {
      return ExitCode.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "mkddi: "
            + d.problems().size()
            + " problem"
            + (d.problems().size() == 1 ? "" : "s")
            + "; mkddi build would refuse this description. First: "
            + d.problems().get(0));
    err.flush();
    return ExitCode.INVALID_INPUT;
  }
}
