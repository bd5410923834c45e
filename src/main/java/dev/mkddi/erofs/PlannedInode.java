package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.tree.Directory;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.Symlink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One inode of an image being planned: its node, first path, link count, size, xattr area and, once
 * {@link MetadataLayout} has placed it, its nid, data layout and blocks. Mutable during planning,
 * then read-only. Not thread-safe.
 */
final class PlannedInode {
  final Node node;
  final @Nullable PlannedInode parent;
  final @Nullable Name name;
  final long ino;
  int nlink = 1;
  long size;
  byte[] xattrs = new byte[0];
  boolean extended;

  /** The modification time stored: the node's, clamped to the build time when asked. */
  @Nullable Instant mtime;

  /** Names of a directory's entries, sorted, {@code .} and {@code ..} included; else empty. */
  final List<byte[]> dirNames;

  /** Targets of {@link #dirNames}, in the same order. */
  final List<PlannedInode> dirTargets;

  /** The compressed form, when the file is stored compressed; set by {@link CompressionPass}. */
  @Nullable CompressedFile compressed;

  /**
   * An earlier file with the same content whose compressed blocks this one shares (with fragments
   * only, whose feature bit also means shared clusters); set by {@link CompressionPass}.
   */
  @Nullable PlannedInode sameData;

  // set by MetadataLayout
  long nid;
  boolean inline;
  long startBlock;
  long dataBlocks;

  PlannedInode(Node node, @Nullable PlannedInode parent, @Nullable Name name, long ino) {
    this.node = node;
    this.parent = parent;
    this.name = name;
    this.ino = ino;
    int entries = node instanceof Directory d ? d.entries().size() + 2 : 0;
    this.dirNames = entries > 0 ? new ArrayList<>(entries) : List.of();
    this.dirTargets = entries > 0 ? new ArrayList<>(entries) : List.of();
  }

  /**
   * @return the first path under which the inode was found, for messages
   */
  String path() {
    if (parent == null) {
      return "/";
    }
    String p = parent.path();
    return (p.equals("/") ? "" : p) + "/" + name;
  }

  Metadata metadata() {
    return node.metadata();
  }

  /**
   * @return the {@code i_mode} file type bits
   */
  int typeBits() {
    if (node instanceof Directory) {
      return S_IFDIR;
    } else if (node instanceof RegularFile) {
      return S_IFREG;
    } else if (node instanceof Symlink) {
      return S_IFLNK;
    }
    return switch (((SpecialFile) node).type()) {
      case CHARACTER_DEVICE -> S_IFCHR;
      case BLOCK_DEVICE -> S_IFBLK;
      case FIFO -> S_IFIFO;
      case SOCKET -> S_IFSOCK;
    };
  }

  /**
   * @return the {@code FT_*} type of dirents naming this inode
   */
  int fileType() {
    return switch (typeBits()) {
      case S_IFDIR -> FT_DIR;
      case S_IFREG -> FT_REG_FILE;
      case S_IFLNK -> FT_SYMLINK;
      case S_IFCHR -> FT_CHRDEV;
      case S_IFBLK -> FT_BLKDEV;
      case S_IFIFO -> FT_FIFO;
      default -> FT_SOCK;
    };
  }

  /**
   * @return whether the inode has data (regular file, directory, symlink)
   */
  boolean hasData() {
    return !(node instanceof SpecialFile);
  }

  /**
   * @return bytes of the tail that FLAT_INLINE would store after the inode; 0 when none
   */
  int tailCandidate() {
    return hasData() ? (int) (size % BLOCK_SIZE) : 0;
  }

  /**
   * @return bytes of the inode core and its xattr area
   */
  int baseLength() {
    return (extended ? INODE_EXTENDED_SIZE : INODE_COMPACT_SIZE) + xattrs.length;
  }

  /**
   * @return the inline tail length actually stored in the metadata area
   */
  int inlineLength() {
    return inline ? tailCandidate() : 0;
  }

  /**
   * @return bytes of the inode's piece of the metadata area (once the data layout is chosen)
   */
  int metaLength() {
    return compressed != null
        ? compressed.metaLength(baseLength(), size)
        : baseLength() + inlineLength();
  }

  /**
   * @return blocks of the data area the inode needs (once the data layout is chosen)
   */
  long dataBlockCount() {
    if (!hasData()) {
      return 0;
    }
    if (compressed != null) {
      return compressed.blocks();
    }
    return inline ? size / BLOCK_SIZE : MetadataLayout.ceilDiv(size, BLOCK_SIZE);
  }

  /**
   * Sets the stored mtime and decides between the compact and the extended inode core.
   *
   * @param buildTime the superblock time compact inodes report
   * @param clamp whether an mtime later than {@code buildTime} is stored as {@code buildTime}
   */
  void chooseCore(Instant buildTime, boolean clamp) {
    Metadata m = metadata();
    mtime = clamp && m.mtime().isAfter(buildTime) ? buildTime : m.mtime();
    extended =
        m.uid() > 0xFFFF
            || m.gid() > 0xFFFF
            || nlink > 0xFFFF
            || size > 0xFFFF_FFFFL
            || !mtime.equals(buildTime);
  }

  /**
   * @return the on-disk inode core
   */
  InodeHeader header() {
    Metadata m = metadata();
    int u;
    if (node instanceof SpecialFile s) {
      u = s.type().isDevice() ? encodeDevice(s.major(), s.minor()) : 0;
    } else if (compressed != null) {
      u = (int) compressed.blocks();
    } else if (dataBlocks == 0) {
      u = inline ? EROFS_NULL_ADDR : 0;
    } else {
      u = (int) startBlock;
    }
    return new InodeHeader(
        extended,
        compressed != null
            ? compressed.layout()
            : inline ? EROFS_INODE_FLAT_INLINE : EROFS_INODE_FLAT_PLAIN,
        XattrCodec.icount(xattrs.length),
        typeBits() | m.permissions(),
        nlink,
        size,
        u,
        ino,
        m.uid(),
        m.gid(),
        Objects.requireNonNull(mtime, "mtime not planned").getEpochSecond(),
        mtime.getNano());
  }

  /** Linux {@code new_encode_dev}. */
  static int encodeDevice(int major, int minor) {
    return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
  }
}
