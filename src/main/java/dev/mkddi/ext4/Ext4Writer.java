package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.DerivedUuid;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import dev.mkddi.tree.XattrLimit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plans an ext4 file system of a {@link FileTree}: {@link #plan} numbers the inodes, lays out the
 * directories, reads every file once to find its holes, chooses the geometry and places every
 * block, and returns an {@link Ext4Image} that knows its size and writes itself. The features are
 * those of Debian 12's {@code mkfs.ext4} (64bit, extents, flex_bg, dir_index, metadata_csum,
 * extra_isize, huge_file, dir_nlink, sparse_super, large_file, filetype, ext_attr, and for writable
 * file systems has_journal and resize_inode); a read-only root adds the read-only feature and drops
 * the journal, reserve and room to grow. Output depends only on the tree, the file contents and the
 * options. Stateless and thread-safe.
 */
public final class Ext4Writer {
  /**
   * What ext4 (as written here, 4096-byte blocks, no ea_inode) stores of one entry's extended
   * attributes: the in-inode area and one xattr block. Give it to {@link
   * dev.mkddi.tree.TreeOptions} so a refusal names the archive and entry.
   */
  public static final XattrLimit XATTR_LIMIT = XattrSet.LIMIT;

  private Ext4Writer() {}

  /**
   * Plans a file system, reading every regular file once (to find its holes).
   *
   * @param tree the file tree
   * @param options label, UUID, build time, size, read-only
   * @param listener receives progress and warnings (xattrs ext4 cannot store are dropped)
   * @return the planned image
   * @throws InvalidInputException when the tree does not fit ext4 or the given size
   * @throws IOException when a source file cannot be read
   */
  public static Ext4Image plan(FileTree tree, Ext4Options options, ProgressListener listener)
      throws IOException {
    return plan(tree, options, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Like {@link #plan(FileTree, Ext4Options, ProgressListener)} with a given number of threads.
   *
   * @param tree the file tree
   * @param options the options
   * @param listener progress and warnings
   * @param threads threads to read files with
   * @return the planned image
   * @throws IOException when the tree does not fit or a source cannot be read
   */
  public static Ext4Image plan(
      FileTree tree, Ext4Options options, ProgressListener listener, int threads)
      throws IOException {
    Instant buildTime =
        Inode.clamp(options.buildTime() != null ? options.buildTime() : tree.newestMtime());
    InodeCollector.Collected c =
        InodeCollector.collect(tree, buildTime, options.clampMtimes(), listener);
    UUID uuid =
        options.uuid() != null
            ? options.uuid()
            : options.seed() != null
                ? DerivedUuid.of("mkddi:ext4:uuid", options.seed(), options.label())
                : fromMetadata(c.inodes(), options, buildTime);
    UUID hashSeed =
        DerivedUuid.of(
            "mkddi:ext4:hash-seed",
            options.seed() != null ? options.seed() : uuid,
            options.label());
    Identity id = new Identity(uuid, hashSeed, buildTime, options.label());
    DirHash hash = new DirHash(id.hashSeedWords(), true);
    List<PlannedInode> files = new ArrayList<>();
    for (PlannedInode inode : c.inodes()) {
      if (inode.isDirectory()) {
        int minBlocks = inode.ino == FIRST_INO && inode.node == null && !options.readOnly() ? 4 : 1;
        inode.directory =
            new DirectoryPlan(inode, inode.entryNames, inode.entryTargets, hash, minBlocks);
        inode.runs = new long[] {0, inode.directory.blocks};
        inode.size = (long) inode.directory.blocks * BLOCK_SIZE;
        int links = 2 + inode.directory.subdirectories();
        inode.nlink = links > LINK_MAX ? 1 : links;
      } else if (inode.node instanceof RegularFile f && f.size() > 0) {
        files.add(inode);
      }
    }
    HoleScanner.scan(files, threads, listener);
    return new Ext4Image(c, options, Layout.fit(c, options), id);
  }

  /** The file system's identity: UUID, directory hash seed, time and label. */
  record Identity(UUID uuid, UUID hashSeed, Instant time, String label) {
    int[] hashSeedWords() {
      ByteBuffer b = ByteBuffer.allocate(16);
      b.putLong(hashSeed.getMostSignificantBits()).putLong(hashSeed.getLeastSignificantBits());
      ByteBuffer le = LittleEndian.wrap(b.array());
      return new int[] {le.getInt(0), le.getInt(4), le.getInt(8), le.getInt(12)};
    }

    byte[] hashSeedBytes() {
      return ByteBuffer.allocate(16)
          .putLong(hashSeed.getMostSignificantBits())
          .putLong(hashSeed.getLeastSignificantBits())
          .array();
    }

    byte[] labelBytes() {
      return label.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A UUID from what the inode tables will hold (not file contents). */
  private static UUID fromMetadata(
      List<PlannedInode> inodes, Ext4Options options, Instant buildTime) {
    MessageDigest md = DerivedUuid.sha256();
    md.update("mkddi:ext4:tree:".getBytes(StandardCharsets.UTF_8));
    md.update(options.label().getBytes(StandardCharsets.UTF_8));
    // a read-only root and a writable copy of the same tree must not share a UUID
    md.update(
        (options.readOnly() + ":" + options.sizeBytes() + ":" + options.minInodes())
            .getBytes(StandardCharsets.US_ASCII));
    md.update(
        (buildTime.getEpochSecond() + "." + buildTime.getNano())
            .getBytes(StandardCharsets.US_ASCII));
    ByteBuffer buf = LittleEndian.allocate(1 << 16);
    for (PlannedInode inode : inodes) {
      if (buf.remaining() < 64 + Symlink.MAX_TARGET) {
        md.update(buf.flip());
        buf.clear();
      }
      buf.putInt(inode.ino).putInt(inode.type().modeBits() | inode.metadata.permissions());
      buf.putLong(inode.metadata.uid()).putLong(inode.metadata.gid()).putLong(inode.size);
      buf.putLong(inode.time.getEpochSecond()).putInt(inode.time.getNano()).putInt(inode.nlink);
      if (inode.node instanceof Symlink s) {
        buf.put(s.target());
      }
      if (!inode.xattrs.ibody().isEmpty() || !inode.xattrs.block().isEmpty()) {
        md.update(buf.flip());
        buf.clear();
        for (XattrEntry x : inode.xattrs.ibody()) {
          md.update(x.suffix());
          md.update(x.value());
        }
        for (XattrEntry x : inode.xattrs.block()) {
          md.update(x.suffix());
          md.update(x.value());
        }
      }
      if (inode.entryNames != null) {
        for (byte[] name : inode.entryNames) {
          if (buf.remaining() < name.length + 1) {
            md.update(buf.flip());
            buf.clear();
          }
          buf.put(name).put((byte) 0);
        }
      }
    }
    md.update(buf.flip());
    return DerivedUuid.fromDigest(md.digest());
  }
}
