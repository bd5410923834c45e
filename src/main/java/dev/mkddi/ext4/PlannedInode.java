package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileType;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One inode of a file system being planned: the tree node (with the metadata it is stored with),
 * its number, first name and link count; then, as planning goes on, its xattr placement, data block
 * runs and directory layout (where its blocks go is the {@link Allocation}'s). Mutable while
 * planning, read-only afterwards. Not thread-safe.
 */
final class PlannedInode {
  /** The tree's node; null for a lost+found made here. */
  final @Nullable Node node;

  final Metadata metadata;
  final int ino;
  final @Nullable PlannedInode parent;
  final @Nullable Name name;
  int nlink = 1;

  /** i_size: the file size, directory blocks times 4096, or the symlink target length. */
  long size;

  /** The stored time (mtime, also used for atime, ctime and crtime). */
  Instant time = Instant.EPOCH;

  XattrSet xattrs = XattrSet.EMPTY;

  /** The shared xattr block holding {@link XattrSet#block()}, or null. */
  @Nullable XattrBlock xattrBlock;

  /**
   * Logical block runs that hold data, as pairs (first block, count); holes are left out. Empty for
   * inodes without blocks (special files, fast symlinks, empty files).
   */
  long[] runs = NO_RUNS;

  /** For directories: the entries' names in name order (without . and ..) and their inodes. */
  java.util.List<byte[]> entryNames = java.util.List.of();

  java.util.List<PlannedInode> entryTargets = java.util.List.of();

  /** Directory layout, for directories. */
  @Nullable DirectoryPlan directory;

  static final long[] NO_RUNS = new long[0];

  PlannedInode(
      @Nullable Node node,
      Metadata metadata,
      int ino,
      @Nullable PlannedInode parent,
      @Nullable Name name) {
    this.node = node;
    this.metadata = metadata;
    this.ino = ino;
    this.parent = parent;
    this.name = name;
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

  /**
   * @return the inode's kind (a lost+found made here has no node: a directory)
   */
  FileType type() {
    return node == null ? FileType.DIRECTORY : FileType.of(node);
  }

  /**
   * @return the regular file this inode is
   * @throws IllegalStateException when it is not one
   */
  RegularFile file() {
    if (node instanceof RegularFile f) {
      return f;
    }
    throw new IllegalStateException(path() + " is not a regular file");
  }

  /**
   * @return the tree directory this inode is
   * @throws IllegalStateException when it is not one (or a lost+found made here)
   */
  Directory treeDirectory() {
    if (node instanceof Directory d) {
      return d;
    }
    throw new IllegalStateException(path() + " is not a directory of the tree");
  }

  boolean isDirectory() {
    return type() == FileType.DIRECTORY;
  }

  /**
   * @return whether the symlink target lives in {@code i_block} (fewer than 60 bytes)
   */
  boolean isFastSymlink() {
    return node instanceof Symlink s && s.targetLength() < I_BLOCK_LEN;
  }

  /**
   * @return whether {@code i_block} holds an extent tree (regular files, directories, slow
   *     symlinks)
   */
  boolean usesExtents() {
    return node == null
        || node instanceof Directory
        || node instanceof RegularFile
        || (node instanceof Symlink && !isFastSymlink());
  }

  /**
   * @return data blocks (runs summed)
   */
  long dataBlocks() {
    long n = 0;
    for (int i = 1; i < runs.length; i += 2) {
      n += runs[i];
    }
    return n;
  }

  /**
   * @param treeBlocks blocks of its extent tree
   * @return blocks counted in {@code i_blocks}: data, extent tree and an xattr block
   */
  long allocatedBlocks(int treeBlocks) {
    return dataBlocks() + treeBlocks + (xattrBlock != null ? 1 : 0);
  }
}
