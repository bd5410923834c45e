package dev.mkddi.cli;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.verity.VerityConstants;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi verity dump HASH}: {@code veritysetup dump}. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Print the superblock of a hash device, as veritysetup dump does.")
final class VerityDumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DebugOption debug;

  @Parameters(index = "0", paramLabel = "HASH", description = "The hash device (a file).")
  Path hash;

  @Option(
      names = "--hash-offset",
      paramLabel = "BYTES",
      description = "Where the superblock is (default 0).")
  long hashOffset;

  @Option(names = "--json", description = "Print the facts as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(hash)) {
      throw new InvalidInputException(
          hash + ": " + (Files.exists(hash) ? "not a regular file" : "no such file"));
    }
    if (hashOffset < 0 || hashOffset % VerityConstants.HASH_OFFSET_ALIGNMENT != 0) {
      throw new InvalidInputException(
          "--hash-offset "
              + hashOffset
              + ": expected a non-negative multiple of "
              + VerityConstants.HASH_OFFSET_ALIGNMENT);
    }
    VeritySuperblock sb;
    try (FileChannel ch = FileChannel.open(hash, StandardOpenOption.READ)) {
      sb = VeritySuperblock.read(ch, hashOffset, hash.toString());
    }
    // veritysetup dump shows a superblock of 0 data blocks (a tree of no hash blocks); the
    // geometry is that of one block, whose tree is the root alone, with no hash block either
    VerityParams p =
        sb.dataBlocks() == 0
            ? VeritySuperblock.of(sb, 1).toParams(hashOffset)
            : sb.toParams(hashOffset);
    if (json) {
      VerityOutput.printJson(
          spec.commandLine().getOut(), hash.toString(), p, null, sb.dataBlocks());
    } else {
      VerityOutput.printText(
          spec.commandLine().getOut(), hash.toString(), p, null, sb.dataBlocks());
    }
    return 0;
  }
}
