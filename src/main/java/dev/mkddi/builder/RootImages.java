package dev.mkddi.builder;

import dev.mkddi.description.Filesystem;
import dev.mkddi.description.RootFilesystemSpec;
import dev.mkddi.erofs.ErofsImage;
import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.ext4.Ext4Image;
import dev.mkddi.ext4.Ext4Options;
import dev.mkddi.ext4.Ext4Writer;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.squashfs.SquashfsImage;
import dev.mkddi.squashfs.SquashfsOptions;
import dev.mkddi.squashfs.SquashfsResult;
import dev.mkddi.squashfs.SquashfsWriter;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.XattrLimit;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans the root file system the description's {@link RootFilesystemSpec} names, with the build's
 * label, UUID (derived from the root partition's) and {@code SOURCE_DATE_EPOCH}: uncompressed or
 * compressed EROFS, squashfs (compressed into a spool file in the work directory now, because its
 * size is known only then) or a read-only ext4. Stateless.
 */
final class RootImages {
  private RootImages() {}

  /**
   * @param type the root file system type
   * @return what the type can store of one entry's extended attributes, checked as the tree is read
   */
  static XattrLimit xattrLimit(Filesystem type) {
    return switch (type) {
      case EROFS -> ErofsWriter.XATTR_LIMIT;
      case EXT4 -> Ext4Writer.XATTR_LIMIT;
      default -> XattrLimit.NONE; // squashfs stores any xattr Xattr allows
    };
  }

  /**
   * @param ctx the build context
   * @param tree the root tree
   * @param fsUuid the file system UUID
   * @param spoolDir the work directory (EROFS compression and squashfs spool there)
   * @return the planned root
   * @throws IOException when the tree does not fit or a source cannot be read
   */
  static RootImage plan(BuildContext ctx, FileTree tree, UUID fsUuid, Path spoolDir)
      throws IOException {
    return plan(
        ctx,
        ctx.description().disk().root(),
        ctx.description().disk().rootLabel(),
        0,
        tree,
        fsUuid,
        spoolDir);
  }

  /**
   * @param ctx the build context
   * @param spec the file system and its compression
   * @param label the volume label (ignored by squashfs)
   * @param writableSize 0 for a read-only file system of the smallest size; else an ext4 of this
   *     size with a journal
   * @param tree the content
   * @param fsUuid the file system UUID
   * @param spoolDir the work directory
   * @return the planned file system
   * @throws IOException when the tree does not fit or a source cannot be read
   */
  static RootImage plan(
      BuildContext ctx,
      RootFilesystemSpec spec,
      String label,
      long writableSize,
      FileTree tree,
      UUID fsUuid,
      Path spoolDir)
      throws IOException {
    Optional<Instant> epoch = ctx.sourceDateEpoch();
    ProgressListener listener = ctx.listener();
    return switch (spec.type()) {
      case EROFS -> {
        ErofsOptions o =
            ErofsOptions.defaults()
                .withLabel(label)
                .withUuid(fsUuid)
                .withCompression(spec.erofsCompression().orElse(null));
        yield Planned.of(
            ErofsWriter.plan(
                tree, epoch.map(o::withSourceDateEpoch).orElse(o), spoolDir, listener));
      }
      case EXT4 -> {
        Ext4Options o =
            Ext4Options.defaults()
                .withReadOnly(writableSize == 0)
                .withSize(writableSize)
                .withLabel(label)
                .withUuid(fsUuid);
        yield Planned.of(
            Ext4Writer.plan(tree, epoch.map(o::withSourceDateEpoch).orElse(o), listener));
      }
      case SQUASHFS -> {
        SquashfsOptions o = spec.squashfs().orElseThrow();
        yield Planned.spool(
            SquashfsWriter.plan(tree, epoch.map(o::withSourceDateEpoch).orElse(o), listener),
            spoolDir,
            listener);
      }
      default -> throw new IllegalStateException("not a root type: " + spec.type());
    };
  }

  /**
   * A planned file system: its facts, how it writes itself and what closing it deletes.
   *
   * @param type the kind
   * @param sizeBytes bytes written
   * @param uuid the UUID, empty for squashfs
   * @param buildTime the superblock's time
   * @param inodeCount the inodes
   * @param writesFromHeap whether the writer's data passes through heap buffers
   * @param writer writes it at an offset
   * @param closer deletes its spool
   */
  private record Planned(
      Filesystem type,
      long sizeBytes,
      Optional<UUID> uuid,
      Instant buildTime,
      long inodeCount,
      boolean writesFromHeap,
      PartitionContent.Writer writer,
      PartitionContent.Closer closer)
      implements RootImage {
    static Planned of(ErofsImage i) {
      return new Planned(
          Filesystem.EROFS,
          i.sizeBytes(),
          Optional.of(i.uuid()),
          i.buildTime(),
          i.inodeCount(),
          true,
          i::write,
          i::close);
    }

    static Planned of(Ext4Image i) {
      return new Planned(
          Filesystem.EXT4,
          i.sizeBytes(),
          Optional.of(i.uuid()),
          i.buildTime(),
          i.inodeCount(),
          true,
          i::write,
          () -> {});
    }

    /** squashfs, written to a spool file now (its size is known only then), copied later. */
    static Planned spool(SquashfsImage image, Path dir, ProgressListener listener)
        throws IOException {
      Path spool = Files.createTempFile(dir, "root-", ".squashfs");
      FileChannel ch =
          FileChannel.open(
              spool,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
      try {
        SquashfsResult r = image.write(ch, 0, listener);
        return new Planned(
            Filesystem.SQUASHFS,
            r.sizeBytes(),
            Optional.empty(),
            r.mkfsTime(),
            r.inodes(),
            false,
            (out, offset, l) -> copy(ch, spool, r.sizeBytes(), out, offset),
            ch::close);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
      writer.write(ch, offset, listener);
    }

    @Override
    public void close() throws IOException {
      closer.close();
    }
  }

  private static void copy(FileChannel from, Path name, long size, FileChannel to, long offset)
      throws IOException {
    long done = 0;
    while (done < size) {
      long n = from.transferTo(done, size - done, to.position(offset + done));
      if (n <= 0) {
        throw new IOException(name + ": shorter than the " + size + " bytes written to it");
      }
      done += n;
    }
  }
}
