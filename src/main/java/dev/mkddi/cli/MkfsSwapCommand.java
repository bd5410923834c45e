package dev.mkddi.cli;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.ExitCode;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.swap.SwapHeader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mkddi mkfs swap OUTPUT --size N}: a swap area with mkswap's version 1 header. */
@Command(
    name = "swap",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a swap area of --size bytes with the header mkswap writes (version 1): label, UUID"
          + " and page size; swapon, swaplabel and blkid read it."
    })
final class MkfsSwapCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Parameters(paramLabel = "OUTPUT", description = "The file to write.")
  Path output;

  @Option(
      names = "--size",
      required = true,
      paramLabel = "N",
      converter = ByteSizeText.class,
      description = "Size in bytes, or with K, M, G, T (at least 10 pages).")
  long size;

  @Mixin MkfsIdentity identity;

  @Option(
      names = "--page-size",
      paramLabel = "BYTES",
      description = "Page size of the machines that will use it (default ${DEFAULT-VALUE}).")
  int pageSize = 4096;

  @Override
  public Integer call() throws Exception {
    Path out = output.toAbsolutePath();
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(out)) {
      // the image is renamed into place: a directory or device there would be replaced
      throw new InvalidInputException(
          out + ": is not a regular file; write the swap area to a file");
    }
    SwapHeader header = SwapHeader.of(size, pageSize, identity.uuid, identity.seed, identity.label);
    try (AtomicFile file = AtomicFile.create(out)) {
      try {
        header.write(file.channel(), 0);
        PositionalIo.writeFully(file.channel(), ByteBuffer.allocate(1), size - 1);
      } catch (ChannelIOException e) {
        throw e.on(file.temp());
      }
      file.commit();
    }
    return ExitCode.OK;
  }
}
