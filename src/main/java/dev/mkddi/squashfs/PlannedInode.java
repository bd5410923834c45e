package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.tree.Directory;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.Symlink;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One inode of the image as planned: its number, type, mode, mtime, id and xattr indexes, link
 * count, and its entries (a directory) or data plan (a regular file). The plan sets the fields;
 * they do not change afterwards, so writes may share it.
 */
final class PlannedInode {
  /** One name in a directory. */
  record Child(Name name, PlannedInode inode) {}

  final Node node;
  final @Nullable PlannedInode parent;
  final @Nullable Name name;

  /** 1 .. inodes; the root has the highest. */
  int number;

  int basicType;
  int mode;
  int uidIndex;
  int gidIndex;
  long mtime;
  int nlink = 1;
  int xattrIndex = INVALID_XATTR;

  /** Directories: the entries, sorted by name. */
  final List<Child> children = new ArrayList<>();

  /** Regular files: the data plan. */
  @Nullable PlannedFile file;

  PlannedInode(Node node, @Nullable PlannedInode parent, @Nullable Name name) {
    this.node = node;
    this.parent = parent;
    this.name = name;
    this.basicType = typeOf(node);
  }

  private static int typeOf(Node node) {
    if (node instanceof Directory) {
      return DIR_TYPE;
    }
    if (node instanceof RegularFile) {
      return FILE_TYPE;
    }
    if (node instanceof Symlink) {
      return SYMLINK_TYPE;
    }
    return switch (((SpecialFile) node).type()) {
      case BLOCK_DEVICE -> BLKDEV_TYPE;
      case CHARACTER_DEVICE -> CHRDEV_TYPE;
      case FIFO -> FIFO_TYPE;
      case SOCKET -> SOCKET_TYPE;
    };
  }

  boolean isDirectory() {
    return basicType == DIR_TYPE;
  }

  boolean hasXattrs() {
    return xattrIndex != INVALID_XATTR;
  }

  /** The path for messages: {@code /} for the root. */
  String path() {
    if (parent == null) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    for (PlannedInode p = this; p.parent != null; p = p.parent) {
      sb.insert(0, String.valueOf(p.name)).insert(0, '/');
    }
    return sb.toString();
  }
}
