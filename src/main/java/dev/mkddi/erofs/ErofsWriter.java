package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.erofs.ErofsCompression.Fragments;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.NonDirectory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import dev.mkddi.tree.Xattr;
import dev.mkddi.tree.XattrLimit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Plans an uncompressed EROFS image of a {@link FileTree}: {@link #plan} assigns every inode its
 * place and returns an {@link ErofsImage} that knows its size and writes itself. Inodes are
 * numbered breadth-first (root first, each directory's entries together, in name order); data
 * blocks follow the metadata area in the same order. Output depends only on the tree and the
 * options. Stateless and thread-safe.
 */
public final class ErofsWriter {
  private static final byte[] DOT = {'.'};
  private static final byte[] DOTDOT = {'.', '.'};

  /**
   * What EROFS (as this writer lays it out, every xattr inline next to its inode) can store of one
   * entry's extended attributes: names of at most 255 bytes after their prefix, and an xattr area
   * of at most 4032 bytes (12 plus, per attribute, 4 + name after the prefix + value, padded to 4).
   * Give it to {@link dev.mkddi.tree.TreeOptions} so a refusal names the archive and entry.
   */
  public static final XattrLimit XATTR_LIMIT = XattrCodec::problem;

  private ErofsWriter() {}

  /**
   * Plans an image; nothing is read or written yet.
   *
   * @param tree the file tree
   * @param options label, UUID, build time and clamping
   * @param listener receives warnings (xattrs EROFS cannot store are dropped)
   * @return the planned image
   * @throws InvalidInputException when the tree does not fit EROFS (xattrs too large for one block,
   *     more than 2^32 blocks)
   */
  public static ErofsImage plan(FileTree tree, ErofsOptions options, ProgressListener listener)
      throws IOException {
    return plan(tree, options, null, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Plans an image; with compression, every regular file is read and compressed now (on all
   * threads), its blocks kept in a spool file in {@code spoolDirectory} until {@link
   * ErofsImage#write}, and {@link ErofsImage#close()} deletes it.
   *
   * @param tree the file tree
   * @param options label, UUID, build time, clamping and compression
   * @param spoolDirectory where the spool file goes (null: the system's temporary directory)
   * @param listener receives warnings and progress
   * @return the planned image
   * @throws InvalidInputException when the tree does not fit EROFS
   * @throws IOException when a source cannot be read or the spool written
   */
  public static ErofsImage plan(
      FileTree tree, ErofsOptions options, @Nullable Path spoolDirectory, ProgressListener listener)
      throws IOException {
    return plan(
        tree, options, spoolDirectory, listener, Runtime.getRuntime().availableProcessors());
  }

  static ErofsImage plan(
      FileTree tree,
      ErofsOptions options,
      @Nullable Path spoolDirectory,
      ProgressListener listener,
      int threads)
      throws IOException {
    // clamping happens as inodes are described: no copy of the tree
    Instant buildTime = options.buildTime() != null ? options.buildTime() : tree.newestMtime();
    List<PlannedInode> inodes = collect(tree);
    for (PlannedInode inode : inodes) {
      describe(inode, buildTime, options.clampMtimes(), listener);
    }
    ErofsCompression compression = options.compression();
    FileChannel spool = compression == null ? null : Spools.open(spoolDirectory);
    FragmentPacker.Packed packed = null;
    try {
      CompressionFeatures features =
          compression == null || spool == null
              ? CompressionFeatures.NONE
              : CompressionPass.run(inodes, compression, spool, threads, listener);
      if (compression != null && spool != null && compression.fragments() != Fragments.OFF) {
        packed =
            FragmentPacker.pack(
                inodes, compression, spool, spoolDirectory, threads, listener, buildTime);
        features = CompressionFeatures.of(inodes, compression);
      }
      MetadataLayout.Placed placed =
          MetadataLayout.place(inodes, COMPR_CFGS_OFFSET + features.configs().length);
      long rootNid = inodes.get(0).nid;
      if (rootNid > MAX_ROOT_NID) {
        throw new IllegalStateException("root at nid " + rootNid + ", beyond 16 bits");
      }
      UUID uuid =
          options.uuid() != null
              ? options.uuid()
              : options.seed() != null
                  ? seeded(options.seed(), options.label())
                  : fromMetadata(inodes, options.label(), buildTime);
      Superblock sb =
          new Superblock(
              EROFS_FEATURE_COMPAT_SB_CHKSUM | EROFS_FEATURE_COMPAT_MTIME,
              (int) rootNid,
              inodes.size(),
              buildTime.getEpochSecond(),
              buildTime.getNano(),
              placed.blocks(),
              uuid,
              options.label(),
              features.incompat(),
              features.u1(),
              FragmentPacker.packedNid(packed));
      return new ErofsImage(
          placed.byNid(), sb, features.configs(), spool, packed == null ? null : packed.file());
    } catch (IOException | RuntimeException e) {
      if (spool != null) {
        spool.close();
      }
      if (packed != null) {
        packed.file().close();
      }
      throw e;
    }
  }

  /**
   * Plans an image without reporting warnings.
   *
   * @param tree the file tree
   * @param options label, UUID, build time and clamping
   * @return the planned image
   * @throws InvalidInputException when the tree does not fit EROFS
   */
  public static ErofsImage plan(FileTree tree, ErofsOptions options) throws IOException {
    return plan(tree, options, ProgressListener.NONE);
  }

  private static List<PlannedInode> collect(FileTree tree) {
    List<PlannedInode> all = new ArrayList<>();
    // the tree numbers its non-directories 1, 2, 3, …: the first name of each, by number
    PlannedInode[] byInode = new PlannedInode[1024];
    PlannedInode root = new PlannedInode(tree.root(), null, null, 0);
    all.add(root);
    ArrayDeque<PlannedInode> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      PlannedInode dir = queue.poll();
      Directory d = (Directory) dir.node;
      boolean dot = false;
      boolean dotdot = false;
      for (DirEntry e : d.entries()) {
        PlannedInode child = null;
        int ino = e.node() instanceof NonDirectory nd ? Math.toIntExact(nd.inode()) : 0;
        if (ino > 0 && ino < byInode.length && byInode[ino] != null) {
          child = byInode[ino];
          child.nlink++;
        }
        if (child == null) {
          child = new PlannedInode(e.node(), dir, e.name(), all.size());
          all.add(child);
          if (ino > 0) {
            if (ino >= byInode.length) {
              byInode = Arrays.copyOf(byInode, Math.max(ino + 1, 2 * byInode.length));
            }
            byInode[ino] = child;
          } else {
            queue.add(child);
          }
        }
        byte[] name = e.name().bytes();
        if (!dot && Arrays.compareUnsigned(name, DOT) > 0) {
          dot = addEntry(dir, DOT, dir);
        }
        if (!dotdot && Arrays.compareUnsigned(name, DOTDOT) > 0) {
          dotdot = addEntry(dir, DOTDOT, dir.parent == null ? dir : dir.parent);
        }
        addEntry(dir, name, child);
      }
      if (!dot) {
        addEntry(dir, DOT, dir);
      }
      if (!dotdot) {
        addEntry(dir, DOTDOT, dir.parent == null ? dir : dir.parent);
      }
      dir.nlink = 2 + d.subdirectoryCount();
    }
    return all;
  }

  private static boolean addEntry(PlannedInode dir, byte[] name, PlannedInode target) {
    dir.dirNames.add(name);
    dir.dirTargets.add(target);
    return true;
  }

  private static void describe(
      PlannedInode inode, Instant buildTime, boolean clamp, ProgressListener listener)
      throws InvalidInputException {
    if (inode.node instanceof Directory) {
      inode.size = DirectoryCodec.size(inode.dirNames);
    } else if (inode.node instanceof RegularFile f) {
      inode.size = f.size();
    } else if (inode.node instanceof Symlink s) {
      inode.size = s.targetLength();
    }
    List<Xattr> keep = new ArrayList<>();
    for (Xattr x : inode.metadata().xattrs()) {
      if (XattrCodec.supported(x.name())) {
        keep.add(x);
      } else {
        listener.warn(
            inode.path()
                + ": extended attribute "
                + x.name()
                + " cannot be stored in EROFS (only user.*, trusted.*, security.* and POSIX ACLs);"
                + " dropped");
      }
    }
    inode.xattrs = XattrCodec.encode(keep, inode::path);
    inode.chooseCore(buildTime, clamp);
  }

  /** A UUID from the seed and the label: SHA-256, version 4 and variant bits set. */
  private static UUID seeded(UUID seed, String label) {
    MessageDigest md = sha256();
    md.update("mkddi:erofs:seed:".getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(seed.getMostSignificantBits()).putLong(seed.getLeastSignificantBits());
    md.update(b.array());
    md.update(label.getBytes(StandardCharsets.UTF_8));
    return uuidOf(md.digest());
  }

  /** A UUID from everything the metadata area will hold except block addresses' payload. */
  private static UUID fromMetadata(List<PlannedInode> inodes, String label, Instant buildTime) {
    MessageDigest md = sha256();
    md.update("mkddi:erofs:tree:".getBytes(StandardCharsets.UTF_8));
    md.update(label.getBytes(StandardCharsets.UTF_8));
    md.update(
        (buildTime.getEpochSecond() + "." + buildTime.getNano())
            .getBytes(StandardCharsets.US_ASCII));
    // batched: many small updates cost more than the hashing while the JIT warms up
    ByteBuffer buf = LittleEndian.allocate(1 << 16);
    for (PlannedInode inode : inodes) {
      if (buf.remaining() < INODE_EXTENDED_SIZE + inode.xattrs.length + Symlink.MAX_TARGET) {
        md.update(buf.flip());
        buf.clear();
      }
      inode.header().encode(buf);
      buf.put(inode.xattrs);
      if (inode.node instanceof Symlink s) {
        buf.put(s.target());
      }
      for (byte[] name : inode.dirNames) {
        if (buf.remaining() < name.length + 1) {
          md.update(buf.flip());
          buf.clear();
        }
        buf.put(name).put((byte) 0);
      }
    }
    md.update(buf.flip());
    return uuidOf(md.digest());
  }

  private static UUID uuidOf(byte[] digest) {
    digest[6] = (byte) ((digest[6] & 0x0f) | 0x40);
    digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(digest);
    return new UUID(b.getLong(), b.getLong());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
