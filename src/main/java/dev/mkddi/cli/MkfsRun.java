package dev.mkddi.cli;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import dev.mkddi.tree.XattrLimit;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What every {@code mkddi mkfs TYPE SOURCE... OUTPUT} does around its writer: checks OUTPUT, loads
 * the SOURCEs into one tree (spool files next to OUTPUT), writes {@code OUTPUT.tmp} and renames it
 * into place; on any error nothing is left at OUTPUT.
 */
final class MkfsRun {
  /** Writes a file system image of a tree into a fresh channel at offset 0. */
  @FunctionalInterface
  interface ImageWriter {
    void write(FileTree tree, FileChannel out, StderrListener listener) throws IOException;
  }

  private MkfsRun() {}

  /**
   * @param paths the SOURCEs, then OUTPUT
   * @param allRoot force owner 0:0
   * @param xattrLimit what the file system stores of one entry's extended attributes
   * @param writer writes the image
   * @throws IOException when a source is invalid or reading or writing fails
   */
  static void run(List<Path> paths, boolean allRoot, XattrLimit xattrLimit, ImageWriter writer)
      throws IOException {
    List<Path> sources = paths.subList(0, paths.size() - 1);
    Path output = paths.get(paths.size() - 1).toAbsolutePath();
    checkOutput(sources, output);
    StderrListener listener = StderrListener.forProcess();
    Path spool = Objects.requireNonNull(output.getParent(), "an absolute path has a parent");
    try (TreeLoader loader = new TreeLoader();
        AtomicFile out = AtomicFile.create(output)) {
      FileTree tree = loader.load(sources, new TreeOptions(allRoot, spool, xattrLimit), listener);
      try {
        writer.write(tree, out.channel(), listener);
      } catch (ChannelIOException e) {
        // reads of source files report their own paths; a failed write is the output's
        throw e.isOn(out.channel()) ? e.on(out.temp()) : e;
      }
      out.commit();
    }
  }

  private static void checkOutput(List<Path> sources, Path output) throws InvalidInputException {
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
}
