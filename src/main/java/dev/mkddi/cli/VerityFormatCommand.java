package dev.mkddi.cli;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityConstants;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VerityResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mkddi verity format DATA HASH}: {@code veritysetup format}. */
@Command(
    name = "format",
    mixinStandardHelpOptions = true,
    description = {
      "Compute the dm-verity hash tree of DATA and write it (with a superblock) to HASH, as"
          + " veritysetup format does. HASH is created when it does not exist; it may be DATA"
          + " itself with --hash-offset past the data.",
      "Prints veritysetup's header block, including the root hash."
    })
final class VerityFormatCommand implements Callable<Integer> {
  /** The page size of x86-64 and most arm64 kernels; dm-verity wants data blocks no larger. */
  private static final int PAGE_SIZE = 4096;

  @Spec CommandSpec spec;
  @Mixin DebugOption debug;
  @Mixin VerityOptions options;

  @Parameters(index = "0", paramLabel = "DATA", description = "The data device (a file).")
  Path data;

  @Parameters(index = "1", paramLabel = "HASH", description = "The hash device (a file).")
  Path hash;

  @Option(names = "--uuid", paramLabel = "UUID", description = "Superblock UUID (default: random).")
  @Nullable String uuid;

  @Option(
      names = "--root-hash-file",
      paramLabel = "FILE",
      description = "Also write the root hash to FILE, as hex without a newline.")
  @Nullable Path rootHashFile;

  @Option(names = "--json", description = "Print the facts as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    StderrListener listener = StderrListener.forProcess();
    VerityParams p = params(listener);
    boolean sameFile = Files.exists(hash) && Files.isSameFile(data, hash);
    if (sameFile) {
      checkOverlap(p);
    }
    VerityResult r = sameFile ? formatSameFile(p, listener) : formatSeparate(p, listener);
    if (rootHashFile != null) {
      Files.write(rootHashFile, r.rootHashHex().getBytes(StandardCharsets.US_ASCII));
    }
    if (json) {
      VerityOutput.printJson(spec.commandLine().getOut(), hash.toString(), p, r.rootHash());
    } else {
      VerityOutput.printText(spec.commandLine().getOut(), hash.toString(), p, r.rootHash());
    }
    return 0;
  }

  private VerityParams params(ProgressListener listener) throws IOException {
    if (!Files.exists(data)) {
      throw new InvalidInputException(data + ": no such file");
    }
    if (Files.isDirectory(data)) {
      throw new InvalidInputException(data + ": is a directory, expected a file");
    }
    VerityParams checked = build(1); // the options' own errors first
    long size = Files.size(data);
    int dbs = checked.dataBlockSize();
    long room = size / dbs;
    if (dbs > PAGE_SIZE) {
      listener.warn(
          "data block size "
              + dbs
              + " is larger than the page size ("
              + PAGE_SIZE
              + "): the kernel may refuse to activate this device");
    }
    // --data-blocks 0 means the whole device, as for veritysetup
    if (options.dataBlocks != null && options.dataBlocks != 0) {
      if (options.dataBlocks > room) {
        throw new InvalidInputException(
            "--data-blocks "
                + options.dataBlocks
                + ": "
                + data
                + " has "
                + size
                + " bytes, room for "
                + room
                + " blocks of "
                + dbs);
      }
      return options.params(options.dataBlocks, checked.salt(), checked.uuid());
    }
    if (room == 0) {
      throw new InvalidInputException(
          data + ": " + size + " bytes is less than one data block (" + dbs + " bytes)");
    }
    if (size % dbs != 0) {
      listener.warn(
          data
              + ": size "
              + size
              + " is not a multiple of the data block size "
              + dbs
              + "; the last "
              + size % dbs
              + " bytes are not covered");
    }
    return options.params(room, checked.salt(), checked.uuid());
  }

  private VerityParams build(long blocks) throws InvalidInputException {
    byte[] salt = options.saltOrNull();
    if (salt == null) {
      salt = new byte[VerityConstants.DEFAULT_SALT_SIZE];
      new SecureRandom().nextBytes(salt);
    }
    UUID id = null;
    if (!options.noSuperblock) {
      id = uuid != null ? VerityOptions.parseUuid(uuid) : UUID.randomUUID();
    }
    return options.params(blocks, salt, id);
  }

  private void checkOverlap(VerityParams p) throws InvalidInputException {
    VerityGeometry g = VerityGeometry.of(p);
    long hashFrom = Math.min(p.hashOffset(), g.treeOffset());
    if (p.dataBytes() > hashFrom && g.hashDeviceSize() > hashFrom) {
      throw new InvalidInputException(
          "--hash-offset "
              + p.hashOffset()
              + ": the hash area"
              + " overlaps the data ("
              + p.dataBlocks()
              + " blocks end at byte "
              + p.dataBytes()
              + "); DATA and HASH are the same file");
    }
  }

  private VerityResult formatSameFile(VerityParams p, ProgressListener listener)
      throws IOException {
    try (FileChannel ch =
        FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      VerityResult r = VerityHashTree.format(ch, 0, ch, 0, p, listener);
      ch.force(false);
      return r;
    } catch (ChannelIOException e) {
      throw e.on(data);
    }
  }

  private VerityResult formatSeparate(VerityParams p, ProgressListener listener)
      throws IOException {
    try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ)) {
      if (Files.exists(hash)) {
        // an existing device or file is written in place, as veritysetup does
        try (FileChannel out =
            FileChannel.open(hash, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          VerityResult r = VerityHashTree.format(in, 0, out, 0, p, listener);
          out.force(false);
          return r;
        } catch (ChannelIOException e) {
          throw e.on(e.isOn(in) ? data : hash);
        }
      }
      try (AtomicFile out = createHash()) {
        VerityResult r;
        try {
          r = VerityHashTree.format(in, 0, out.channel(), 0, p, listener);
        } catch (ChannelIOException e) {
          throw e.on(e.isOn(in) ? data : out.temp());
        }
        out.channel().force(false);
        out.commit();
        return r;
      }
    }
  }

  private AtomicFile createHash() throws ImageBuildException {
    try {
      return AtomicFile.create(hash);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(hash + ": parent directory does not exist", e);
    } catch (AccessDeniedException e) {
      throw new ImageBuildException(hash + ": cannot create: permission denied", e);
    } catch (ImageBuildException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageBuildException(hash + ": cannot create: " + e.getMessage(), e);
    }
  }
}
