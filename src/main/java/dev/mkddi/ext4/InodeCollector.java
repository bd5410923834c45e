package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.NonDirectory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Symlink;
import dev.mkddi.tree.Xattr;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the inodes of a tree and describes each one. The root is inode 2 and {@code /lost+found}
 * inode 11 (made here, mode 0700, when the tree has none); the others get 12, 13, … breadth-first,
 * each directory's entries together in name order, a hard-linked inode at its first name. Times are
 * clamped to the build time when asked and to what ext4 holds; xattrs ext4 cannot show are dropped
 * with a warning. Not thread-safe.
 */
final class InodeCollector {
  /** Largest file with 4096-byte blocks and 32-bit logical block numbers. */
  static final long MAX_FILE_SIZE = (1L << 32) * BLOCK_SIZE - BLOCK_SIZE;

  private static final Name LOST_AND_FOUND = Name.of("lost+found");

  private final Instant buildTime;
  private final boolean clamp;
  private final ProgressListener listener;
  private final List<PlannedInode> all = new ArrayList<>();
  private final Map<XattrSet, XattrBlock> shared = new HashMap<>();
  private final List<XattrBlock> xattrBlocks = new ArrayList<>();
  private boolean timeWarned;

  private InodeCollector(Instant buildTime, boolean clamp, ProgressListener listener) {
    this.buildTime = buildTime;
    this.clamp = clamp;
    this.listener = listener;
  }

  /** The numbered inodes (root, lost+found, then 12, 13, …) and the xattr blocks they share. */
  record Collected(List<PlannedInode> inodes, List<XattrBlock> xattrBlocks) {}

  /**
   * @param tree the tree
   * @param buildTime the time of lost+found and the clamp limit
   * @param clamp whether newer mtimes are clamped to the build time
   * @param listener receives warnings
   * @return the inodes in inode-number order
   * @throws InvalidInputException when the tree does not fit ext4
   */
  static Collected collect(
      FileTree tree, Instant buildTime, boolean clamp, ProgressListener listener)
      throws InvalidInputException {
    InodeCollector c = new InodeCollector(buildTime, clamp, listener);
    checkLostFound(tree);
    c.number(tree);
    for (PlannedInode inode : c.all) {
      c.describe(inode);
    }
    return new Collected(List.copyOf(c.all), List.copyOf(c.xattrBlocks));
  }

  private void number(FileTree tree) throws InvalidInputException {
    PlannedInode root = new PlannedInode(tree.root(), tree.root().metadata(), ROOT_INO, null, null);
    all.add(root);
    int next = FIRST_INO + 1;
    Map<Long, PlannedInode> links = new HashMap<>();
    ArrayDeque<PlannedInode> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      PlannedInode dir = queue.poll();
      List<DirEntry> entries = dir.treeDirectory().entries();
      List<byte[]> names = new ArrayList<>(entries.size() + 1);
      List<PlannedInode> targets = new ArrayList<>(entries.size() + 1);
      boolean lostFoundDue = dir == root;
      for (DirEntry e : entries) {
        if (lostFoundDue && e.name().compareTo(LOST_AND_FOUND) >= 0) {
          lostFoundDue = false;
          if (!e.name().equals(LOST_AND_FOUND)) {
            names.add(LOST_AND_FOUND.bytes());
            targets.add(madeLostFound(root));
          }
        }
        PlannedInode child;
        if (e.node() instanceof NonDirectory nd) {
          child = links.get(nd.inode());
          if (child != null) {
            child.nlink++;
          } else {
            child = add(new PlannedInode(nd, nd.metadata(), next++, dir, e.name()));
            links.put(nd.inode(), child);
          }
        } else {
          boolean lf = dir == root && e.name().equals(LOST_AND_FOUND);
          child =
              add(
                  new PlannedInode(
                      e.node(), e.node().metadata(), lf ? FIRST_INO : next++, dir, e.name()));
          queue.add(child);
        }
        names.add(e.name().bytes());
        targets.add(child);
      }
      if (lostFoundDue) {
        names.add(LOST_AND_FOUND.bytes());
        targets.add(madeLostFound(root));
      }
      dir.entryNames = names;
      dir.entryTargets = targets;
    }
    all.sort((a, b) -> Integer.compare(a.ino, b.ino));
  }

  private static void checkLostFound(FileTree tree) throws InvalidInputException {
    for (DirEntry e : tree.root().entries()) {
      if (e.name().equals(LOST_AND_FOUND) && !(e.node() instanceof Directory)) {
        throw new InvalidInputException(
            "/lost+found: ext4 keeps its lost+found directory there, but the tree has a"
                + (e.node() instanceof Symlink ? " symbolic link" : " file")
                + " of that name");
      }
    }
  }

  private PlannedInode add(PlannedInode inode) {
    all.add(inode);
    return inode;
  }

  /** lost+found as mke2fs makes it: root's, mode 0700, stamped with the build time. */
  private PlannedInode madeLostFound(PlannedInode root) {
    PlannedInode lf =
        add(
            new PlannedInode(
                null, Metadata.of(0700, 0, 0, buildTime), FIRST_INO, root, LOST_AND_FOUND));
    lf.entryNames = List.of();
    lf.entryTargets = List.of();
    return lf;
  }

  private void describe(PlannedInode inode) throws InvalidInputException {
    Instant t = inode.metadata.mtime();
    if (clamp && t.isAfter(buildTime)) {
      t = buildTime;
    }
    inode.time = Inode.clamp(t);
    if (!inode.time.equals(t) && !timeWarned) {
      timeWarned = true;
      listener.warn(
          inode.path()
              + ": modification time "
              + t
              + " is outside what ext4 stores (1901 to 2310);"
              + " stored as "
              + inode.time
              + " (and so for any other such entry)");
    }
    if (inode.node instanceof RegularFile f) {
      inode.size = f.size();
      if (f.size() > MAX_FILE_SIZE) {
        throw new InvalidInputException(
            inode.path()
                + ": "
                + f.size()
                + " bytes, ext4 with 4096-byte blocks holds at most "
                + MAX_FILE_SIZE);
      }
      if (inode.nlink > LINK_MAX) {
        throw new InvalidInputException(
            inode.path() + ": " + inode.nlink + " hard links, ext4 allows at most " + LINK_MAX);
      }
    } else if (inode.node instanceof Symlink s) {
      inode.size = s.targetLength();
      if (!inode.isFastSymlink()) {
        inode.runs = new long[] {0, 1};
      }
    }
    placeXattrs(inode);
  }

  private void placeXattrs(PlannedInode inode) throws InvalidInputException {
    List<Xattr> xattrs = inode.metadata.xattrs();
    if (xattrs.isEmpty()) {
      return;
    }
    List<XattrEntry> entries;
    try {
      entries = XattrSet.storable(xattrs);
      inode.xattrs = XattrSet.place(entries);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(inode.path() + ": " + e.getMessage(), e);
    }
    if (entries.size() < xattrs.size()) {
      for (Xattr x : xattrs) {
        if (XattrEntry.of(x) == null) {
          listener.warn(
              inode.path()
                  + ": extended attribute "
                  + x.name()
                  + " cannot be stored in ext4"
                  + " (only user.*, trusted.*, security.* and POSIX ACLs); dropped");
        }
      }
    }
    if (!inode.xattrs.block().isEmpty()) {
      XattrSet key = new XattrSet(List.of(), inode.xattrs.block());
      XattrBlock b = shared.get(key);
      if (b == null || b.refcount == XATTR_REFCOUNT_MAX) {
        b = new XattrBlock(key, xattrBlocks.size(), inode.ino);
        shared.put(key, b);
        xattrBlocks.add(b);
      }
      b.refcount++;
      inode.xattrBlock = b;
    }
  }
}
