package dev.mkddi.cli;

import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.verity.VerityCheck;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mkddi verity verify DATA HASH ROOT_HASH}: {@code veritysetup verify}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute the hash tree of DATA and compare it with HASH and ROOT_HASH, as veritysetup"
          + " verify does. The parameters come from the superblock at --hash-offset; with"
          + " --no-superblock give them as for format (--salt is then required)."
    })
final class VerityVerifyCommand implements Callable<Integer> {
  @Mixin DebugOption debug;
  @Mixin VerityOptions options;

  @Parameters(index = "0", paramLabel = "DATA", description = "The data device (a file).")
  Path data;

  @Parameters(index = "1", paramLabel = "HASH", description = "The hash device (a file).")
  Path hash;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "ROOT_HASH",
      description = "The root hash in hex (or use --root-hash-file).")
  String rootHash;

  @Option(
      names = "--root-hash-file",
      paramLabel = "FILE",
      description = "Read the root hash from FILE (hex).")
  @Nullable Path rootHashFile;

  @Override
  public Integer call() throws IOException {
    StderrListener listener = StderrListener.forProcess();
    byte[] root = rootHash();
    requireFile(data, "DATA");
    requireFile(hash, "HASH");
    try (FileChannel d = FileChannel.open(data, StandardOpenOption.READ);
        FileChannel h = FileChannel.open(hash, StandardOpenOption.READ)) {
      VerityParams p;
      if (options.noSuperblock) {
        byte[] salt = options.saltOrNull();
        if (salt == null) {
          throw new InvalidInputException("--no-superblock needs --salt (use '-' for none)");
        }
        long blocks =
            options.dataBlocks != null && options.dataBlocks != 0
                ? options.dataBlocks
                : Math.max(1, d.size() / options.dataBlockSizeOrDefault());
        p = options.params(blocks, salt, null);
      } else {
        p =
            VeritySuperblock.read(h, options.hashOffsetOrDefault(), hash.toString())
                .toParams(options.hashOffsetOrDefault(), hash.toString());
        List<String> ignored = options.geometryGiven();
        if (!ignored.isEmpty()) {
          listener.warn(
              String.join(", ", ignored) + " ignored: the superblock of " + hash + " defines them");
        }
      }
      VerityCheck check = VerityHashTree.verify(d, 0, h, 0, p, root, listener);
      if (!check.ok()) {
        throw new CheckFailedException("verification failed: " + check.message());
      }
    }
    return 0;
  }

  private byte[] rootHash() throws IOException {
    if ((rootHash == null) == (rootHashFile == null)) {
      throw new InvalidInputException(
          "give the root hash either as ROOT_HASH or with --root-hash-file, not "
              + (rootHash == null ? "neither" : "both"));
    }
    String text = rootHash;
    if (rootHashFile != null) {
      requireFile(rootHashFile, "--root-hash-file");
      text = Files.readString(rootHashFile, StandardCharsets.US_ASCII).strip();
    }
    if (text.isEmpty()) {
      throw new InvalidInputException("root hash: empty");
    }
    return Hex.decode("root hash", text);
  }

  private static void requireFile(Path file, String what) throws InvalidInputException {
    if (!Files.exists(file)) {
      throw new InvalidInputException(what + " " + file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(what + " " + file + ": is a directory, expected a file");
    }
  }
}
