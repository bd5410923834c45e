package dev.mkddi.builder;

import dev.mkddi.description.Filesystem;
import dev.mkddi.description.RootFilesystemSpec;
import dev.mkddi.erofs.ErofsImage;
import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsResult;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.ext4.Ext4Image;
import dev.mkddi.ext4.Ext4Options;
import dev.mkddi.ext4.Ext4Writer;
import dev.mkddi.io.ObservedChannel;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.squashfs.SquashfsImage;
import dev.mkddi.squashfs.SquashfsOptions;
import dev.mkddi.squashfs.SquashfsResult;
import dev.mkddi.squashfs.SquashfsWriter;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.XattrLimit;
import dev.mkddi.verity.VerityLeaves;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans the root file system the description's {@link RootFilesystemSpec} names, with the build's
 * label, UUID (derived from the root partition's) and {@code SOURCE_DATE_EPOCH}: uncompressed or
 * compressed EROFS, squashfs or a read-only ext4. A compressed file system's size is known only
 * once written, so it is written now: a compressed EROFS root straight into its partition when its
 * place is known before its size ({@link Early}), else (and squashfs) into a spool file in the work
 * directory that is copied later. Stateless.
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
   * @param early where the root goes in the image when that is known before its size
   * @return the planned root
   * @throws IOException when the tree does not fit or a source cannot be read
   */
  static RootImage plan(
      BuildContext ctx, FileTree tree, UUID fsUuid, Path spoolDir, Optional<Early> early)
      throws IOException {
    return plan(
        ctx,
        ctx.description().disk().root(),
        ctx.description().disk().rootLabel(),
        0,
        tree,
        fsUuid,
        spoolDir,
        early);
  }

  /**
   * Where a file system whose size is known only once written goes, when its place in the image is
   * known before its size: it is then written there while the disk is planned, its data blocks
   * digested for dm-verity as they are written, instead of into a spool file that is copied later.
   *
   * @param image the image
   * @param offset where the partition starts
   * @param verity the hash tree's parameters, with an estimate of the data blocks
   */
  record Early(FileChannel image, long offset, VerityParams verity) {}

  /**
   * @param ctx the build context
   * @param spec the file system and its compression
   * @param label the volume label (ignored by squashfs)
   * @param writableSize 0 for a read-only file system of the smallest size; else an ext4 of this
   *     size with a journal
   * @param tree the content
   * @param fsUuid the file system UUID
   * @param spoolDir the work directory
   * @param early where it goes in the image when that is known before its size
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
      Path spoolDir,
      Optional<Early> early)
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
        ErofsImage image =
            ErofsWriter.plan(tree, epoch.map(o::withSourceDateEpoch).orElse(o), spoolDir, listener);
        if (image.placed()) {
          yield Planned.of(image);
        }
        if (early.isPresent()) {
          yield Planned.early(image, early.get(), listener);
        }
        yield Planned.spool(
            Filesystem.EROFS,
            ch -> {
              ErofsResult r = image.write(ch, 0, listener);
              return new Facts(r.sizeBytes(), Optional.of(r.uuid()), r.buildTime(), r.inodeCount());
            },
            spoolDir);
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
        SquashfsOptions o =
            SquashfsOptions.defaults()
                .withCompression(spec.squashfsCompression().orElseThrow())
                .withBlockSize(RootFilesystemSpec.SQUASHFS_BLOCK_SIZE);
        SquashfsImage image =
            SquashfsWriter.plan(tree, epoch.map(o::withSourceDateEpoch).orElse(o), listener);
        yield Planned.spool(
            Filesystem.SQUASHFS,
            ch -> {
              SquashfsResult r = image.write(ch, 0, listener);
              return new Facts(r.sizeBytes(), Optional.empty(), r.mkfsTime(), r.inodes());
            },
            spoolDir);
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
   * @param writer writes it at an offset
   * @param closer deletes its spool
   * @param earlyLeaves the leaf digests of a file system written while planning
   */
  private record Planned(
      Filesystem type,
      long sizeBytes,
      Optional<UUID> uuid,
      Instant buildTime,
      long inodeCount,
      PartitionContent.Writer writer,
      PartitionContent.Closer closer,
      Optional<VerityLeaves> earlyLeaves)
      implements RootImage {
    static Planned of(ErofsImage i) {
      return new Planned(
          Filesystem.EROFS,
          i.sizeBytes(),
          Optional.of(i.uuid()),
          i.buildTime(),
          i.inodeCount(),
          i::write,
          i::close,
          Optional.empty());
    }

    /** A compressed EROFS written into its partition now; writing it later does nothing. */
    static Planned early(ErofsImage image, Early at, ProgressListener listener) throws IOException {
      long blocks = Math.max(2, ceilDiv(image.sizeEstimateBytes(), at.verity().dataBlockSize()));
      Optional<VerityLeaves> leaves =
          VerityLeaves.of(at.verity().withDataBlocks(blocks), at.offset());
      FileChannel out =
          leaves.isPresent() ? new ObservedChannel(at.image(), leaves.get()) : at.image();
      ErofsResult r = image.write(out, at.offset(), listener);
      return new Planned(
          Filesystem.EROFS,
          r.sizeBytes(),
          Optional.of(r.uuid()),
          r.buildTime(),
          r.inodeCount(),
          (ch, offset, l) -> {
            if (offset != at.offset()) {
              throw new IllegalStateException(
                  "the root was written at " + at.offset() + ", not " + offset);
            }
          },
          () -> {},
          leaves);
    }

    static Planned of(Ext4Image i) {
      return new Planned(
          Filesystem.EXT4,
          i.sizeBytes(),
          Optional.of(i.uuid()),
          i.buildTime(),
          i.inodeCount(),
          i::write,
          () -> {},
          Optional.empty());
    }

    /**
     * A file system whose size is known only once written (squashfs, compressed EROFS), written to
     * a spool file now, copied later.
     */
    static Planned spool(Filesystem type, SpoolWrite w, Path dir) throws IOException {
      Path spool = Files.createTempFile(dir, "root-", "." + type.name().toLowerCase(Locale.ROOT));
      FileChannel ch =
          FileChannel.open(
              spool,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
      try {
        Facts r = w.write(ch);
        return new Planned(
            type,
            r.sizeBytes(),
            r.uuid(),
            r.buildTime(),
            r.inodeCount(),
            (out, offset, l) -> copy(ch, spool, r.sizeBytes(), out, offset),
            ch::close,
            Optional.empty());
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

  /**
   * What writing a file system told.
   *
   * @param sizeBytes bytes written
   * @param uuid its UUID, empty for squashfs
   * @param buildTime the superblock's time
   * @param inodeCount the inodes
   */
  private record Facts(long sizeBytes, Optional<UUID> uuid, Instant buildTime, long inodeCount) {}

  /** Writes a file system at offset 0 of a channel. */
  @FunctionalInterface
  private interface SpoolWrite {
    Facts write(FileChannel ch) throws IOException;
  }

  private static long ceilDiv(long v, long d) {
    return (v + d - 1) / d;
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
