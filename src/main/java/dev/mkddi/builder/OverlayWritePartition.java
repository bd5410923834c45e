package dev.mkddi.builder;

import dev.mkddi.description.Filesystem;
import dev.mkddi.description.OverlayRootSpec;
import dev.mkddi.ext4.Ext4Image;
import dev.mkddi.ext4.Ext4Options;
import dev.mkddi.ext4.Ext4Writer;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The write partition of kiwi's overlay root: its size as kiwi's DiskBuilder computes it, and its
 * empty, writable file system — ext4 (with a journal) by mkddi's own writer, xfs and btrfs by the
 * host's {@code mkfs.xfs}/{@code mkfs.btrfs} run on a plain file, unprivileged, with the UUID
 * derived from the partition's PARTUUID. Stateless.
 */
final class OverlayWritePartition {
  private static final long MIB = 1L << 20;

  /** kiwi's inode size in its ext* size estimate ({@code Defaults.get_default_inode_size}). */
  private static final long KIWI_INODE_SIZE = 256;

  /** How long an mkfs may take; it formats an empty file system. */
  private static final long MKFS_TIMEOUT_SECONDS = 300;

  private OverlayWritePartition() {}

  /**
   * kiwi's size for the write partition when the disk has no {@code <size>}: its disk estimate (the
   * root tree's apparent size in whole MiB, times 1.5 for ext*, xfs and btrfs, plus twice an inode
   * per entry for ext*) less the read-only root partition, which takes its share of that estimate;
   * at least the file system's minimum.
   *
   * @param tree the root tree
   * @param fs the write file system
   * @param readOnlyPartition the read-only root partition's size in bytes
   * @return bytes, a multiple of 1 MiB
   */
  static long kiwiSize(FileTree tree, Filesystem fs, long readOnlyPartition) {
    long[] sizeAndCount = new long[2];
    measure(tree.root(), new HashSet<>(), sizeAndCount);
    long mib = sizeAndCount[0] / MIB;
    long estimate = mib * 3 / 2;
    if (fs == Filesystem.EXT4) {
      estimate += 2 * sizeAndCount[1] * KIWI_INODE_SIZE / MIB;
    }
    long readOnlyMib = (readOnlyPartition + MIB - 1) / MIB;
    long min = OverlayRootSpec.minimumSize(fs) / MIB;
    return Math.multiplyExact(Math.max(estimate - readOnlyMib, min), MIB);
  }

  /** Sums the apparent size ({@code du --apparent-size}: hard links once) and counts entries. */
  private static void measure(Directory dir, Set<Long> inodes, long[] sizeAndCount) {
    for (DirEntry e : dir.entries()) {
      Node n = e.node();
      sizeAndCount[1]++;
      if (n instanceof Directory sub) {
        measure(sub, inodes, sizeAndCount);
      } else if (n instanceof RegularFile f && inodes.add(f.inode())) {
        sizeAndCount[0] += f.size();
      } else if (n instanceof Symlink s) {
        sizeAndCount[0] += s.targetLength();
      }
    }
  }

  /**
   * @param ctx the build context
   * @param overlay the overlay root
   * @param size the partition's size
   * @param partUuid its PARTUUID (the file system UUID derives from it)
   * @param work the work directory (mkfs formats a file there)
   * @return the content
   * @throws InvalidInputException when mkfs fails
   * @throws IOException when the spool file cannot be written
   */
  static PartitionContent plan(
      BuildContext ctx, OverlayRootSpec overlay, long size, UUID partUuid, Path work)
      throws IOException {
    Filesystem fs = overlay.write().orElseThrow();
    UUID fsUuid = SeedDerivation.fileSystemUuid(partUuid);
    String label = ctx.description().disk().rootfsLabel();
    if (fs == Filesystem.EXT4) {
      Instant time = ctx.sourceDateEpoch().orElse(Instant.EPOCH);
      Ext4Options o =
          Ext4Options.defaults()
              .withReadOnly(false)
              .withSize(size)
              .withLabel(label)
              .withUuid(fsUuid)
              .withSourceDateEpoch(time);
      FileTree empty = FileTree.of(new Directory(Metadata.of(0755, 0, 0, time), List.of()));
      Ext4Image image = Ext4Writer.plan(empty, o, ctx.listener());
      return PartitionContent.of(image.sizeBytes(), image::write);
    }
    Path program = overlay.mkfs().orElseThrow();
    List<String> command = new ArrayList<>(List.of(program.toString(), "-q", "-f"));
    command.addAll(overlay.mkfsOptions()); // fscreateoptions, before mkddi's own as kiwi does
    if (fs == Filesystem.XFS) {
      command.addAll(List.of("-m", "uuid=" + fsUuid, "-L", label));
    } else {
      command.addAll(List.of("-U", fsUuid.toString(), "-L", label));
    }
    Path spool = Files.createTempFile(work, "overlay-write-", "." + fs.kiwiName());
    try {
      try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.WRITE)) {
        ch.truncate(0);
        PositionalIo.writeFully(ch, ByteBuffer.allocate(1), size - 1);
      }
      command.add(spool.toString());
      run(ctx, command, program, work);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spool);
      throw e;
    }
    ctx.listener()
        .warn(
            "the "
                + fs.kiwiName()
                + " write partition is made by "
                + program.getFileName()
                + ", whose output is not byte-reproducible (it stamps the clock and random"
                + " identifiers); ext4 is");
    return new PartitionContent() {
      @Override
      public long sizeBytes() {
        return size;
      }

      @Override
      public void write(FileChannel out, long offset, dev.mkddi.io.ProgressListener listener)
          throws IOException {
        try (FileChannel in = FileChannel.open(spool, StandardOpenOption.READ)) {
          PartitionCopy.sparse(in, 0, size, out, offset, null);
        }
      }

      @Override
      public void close() throws IOException {
        Files.deleteIfExists(spool);
      }
    };
  }

  private static void run(BuildContext ctx, List<String> command, Path program, Path work)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // mkfs.btrfs refuses a UUID that libblkid's cache knows, and that cache keeps every file
    // blkid was ever run on: a rebuild with the same seed after `blkid image.raw` would fail. A
    // cache of the build's own shows mkfs only the block devices present now.
    Path blkidCache = work.resolve("blkid.tab");
    pb.environment().put("BLKID_FILE", blkidCache.toString());
    ctx.sourceDateEpoch()
        .ifPresent(
            t -> pb.environment().put("SOURCE_DATE_EPOCH", Long.toString(t.getEpochSecond())));
    Process p = pb.start();
    String output;
    try (var in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!p.waitFor(MKFS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new InvalidInputException(
            program + " did not finish in " + MKFS_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(program + " was interrupted");
    }
    Files.deleteIfExists(blkidCache);
    Files.deleteIfExists(work.resolve("blkid.tab.old"));
    if (p.exitValue() != 0) {
      throw new InvalidInputException(
          String.join(" ", command)
              + " failed (exit "
              + p.exitValue()
              + "): "
              + output.replace('\n', ' '));
    }
  }
}
