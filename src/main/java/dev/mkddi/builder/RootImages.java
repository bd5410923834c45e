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
        ctx.description().disk().rootfsLabel(),
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
        yield new Erofs(
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
        yield new Ext4(
            Ext4Writer.plan(tree, epoch.map(o::withSourceDateEpoch).orElse(o), listener));
      }
      case SQUASHFS -> {
        SquashfsOptions o =
            SquashfsOptions.defaults()
                .withCompression(spec.squashfsCompression().orElseThrow())
                .withBlockSize(RootFilesystemSpec.SQUASHFS_BLOCK_SIZE);
        yield Squashfs.spool(
            SquashfsWriter.plan(tree, epoch.map(o::withSourceDateEpoch).orElse(o), listener),
            spoolDir,
            listener);
      }
      default -> throw new IllegalStateException("not a root type: " + spec.type());
    };
  }

  /** EROFS, compressed or not; closing deletes the compression spool. */
  private record Erofs(ErofsImage image) implements RootImage {
    @Override
    public Filesystem type() {
      return Filesystem.EROFS;
    }

    @Override
    public long sizeBytes() {
      return image.sizeBytes();
    }

    @Override
    public Optional<UUID> uuid() {
      return Optional.of(image.uuid());
    }

    @Override
    public Instant buildTime() {
      return image.buildTime();
    }

    @Override
    public long inodeCount() {
      return image.inodeCount();
    }

    @Override
    public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
      image.write(ch, offset, listener);
    }

    @Override
    public void close() throws IOException {
      image.close();
    }
  }

  /** A read-only ext4 of the smallest size; nothing to close. */
  private record Ext4(Ext4Image image) implements RootImage {
    @Override
    public Filesystem type() {
      return Filesystem.EXT4;
    }

    @Override
    public long sizeBytes() {
      return image.sizeBytes();
    }

    @Override
    public Optional<UUID> uuid() {
      return Optional.of(image.uuid());
    }

    @Override
    public Instant buildTime() {
      return image.buildTime();
    }

    @Override
    public long inodeCount() {
      return image.inodeCount();
    }

    @Override
    public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
      image.write(ch, offset, listener);
    }

    @Override
    public void close() {}
  }

  /** squashfs, written to a spool file when planned and copied into the partition. */
  private record Squashfs(SquashfsResult result, Path spool, FileChannel channel)
      implements RootImage {
    static Squashfs spool(SquashfsImage image, Path dir, ProgressListener listener)
        throws IOException {
      Path spool = Files.createTempFile(dir, "root-", ".squashfs");
      FileChannel ch =
          FileChannel.open(
              spool,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
      try {
        return new Squashfs(image.write(ch, 0, listener), spool, ch);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public Filesystem type() {
      return Filesystem.SQUASHFS;
    }

    @Override
    public long sizeBytes() {
      return result.sizeBytes();
    }

    @Override
    public Optional<UUID> uuid() {
      return Optional.empty();
    }

    @Override
    public Instant buildTime() {
      return result.mkfsTime();
    }

    @Override
    public long inodeCount() {
      return result.inodes();
    }

    @Override
    public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
      long done = 0;
      long size = result.sizeBytes();
      while (done < size) {
        long n = channel.transferTo(done, size - done, ch.position(offset + done));
        if (n <= 0) {
          throw new IOException(spool + ": shorter than the " + size + " bytes written to it");
        }
        done += n;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
