package dev.mkddi.cli;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import dev.mkddi.tree.XattrLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code SOURCE... OUTPUT} arguments and {@code --all-root} every {@code mkddi mkfs TYPE}
 * command takes, and what they all do with them: check the output, load the sources into one tree,
 * let the command write its image into {@code OUTPUT.tmp} and rename it into place (no partial
 * output on failure). A picocli mixin.
 */
final class MkfsInput {
  @Parameters(
      arity = "2..*",
      paramLabel = "SOURCE... OUTPUT",
      hideParamSyntax = true,
      description = "Directories or tar archives, then the image file to write.")
  List<Path> paths;

  @Option(names = "--all-root", description = "Make every entry owned by 0:0.")
  boolean allRoot;

  /** Writes an image of a loaded tree. */
  @FunctionalInterface
  interface ImageWriter {
    /**
     * @param tree the merged sources
     * @param out the temporary output file
     * @param listener progress and warnings
     * @throws IOException on failure
     */
    void write(FileTree tree, AtomicFile out, ProgressListener listener) throws IOException;
  }

  /**
   * Loads the sources and writes the image.
   *
   * @param xattrLimit what the file system can store of one entry's xattrs
   * @param writer writes the image
   * @throws IOException when a source is invalid or unreadable, or writing fails (a failed write is
   *     named after the output)
   */
  void run(XattrLimit xattrLimit, ImageWriter writer) throws IOException {
    List<Path> sources = paths.subList(0, paths.size() - 1);
    Path output = paths.get(paths.size() - 1).toAbsolutePath();
    checkOutput(sources, output);
    StderrListener listener = StderrListener.forProcess();
    try (TreeLoader loader = new TreeLoader();
        AtomicFile out = AtomicFile.create(output)) {
      FileTree tree =
          loader.load(sources, new TreeOptions(allRoot, output.getParent(), xattrLimit), listener);
      try {
        writer.write(tree, out, listener);
      } catch (ChannelIOException e) {
        // reads of source files report their own paths; a failed write is the output's
        throw e.isOn(out.channel()) ? e.on(out.temp()) : e;
      }
      out.commit();
    }
  }

  private static void checkOutput(List<Path> sources, Path output) throws InvalidInputException {
    checkOutput(output);
    for (Path s : sources) {
      Path abs = s.toAbsolutePath().normalize();
      if (abs.equals(output.normalize())) {
        throw new InvalidInputException(output + ": is also a SOURCE");
      }
      if (Files.isDirectory(abs) && output.normalize().startsWith(abs)) {
        throw new InvalidInputException(
            output + ": is inside the SOURCE directory " + s + "; write it elsewhere");
      }
    }
  }

  /**
   * @param output the image to write
   * @throws InvalidInputException when it is a directory or a device, or its directory is missing
   */
  static void checkOutput(Path output) throws InvalidInputException {
    if (Files.isDirectory(output)) {
      throw new InvalidInputException(output + ": is a directory (the last argument is OUTPUT)");
    }
    if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(output)) {
      // the image is renamed into place: a device node there would be replaced, not written
      throw new InvalidInputException(
          output + ": is not a regular file (a device or FIFO?); write the image to a file");
    }
    if (output.getParent() == null || !Files.isDirectory(output.getParent())) {
      throw new InvalidInputException(output + ": parent directory does not exist");
    }
  }
}
