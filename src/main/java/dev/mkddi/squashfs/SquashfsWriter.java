package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.NonDirectory;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.Xattr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a SquashFS 4.0 image of a {@link FileTree} the way mksquashfs lays one out: {@link #plan}
 * numbers the inodes (depth first, each directory's entries in name order, the root last), puts
 * them in inode-table order (each directory after its contents), assigns uid/gid and xattr indexes
 * in that order, and cuts every regular file into blocks and a fragment tail. It returns a {@link
 * SquashfsImage} that writes itself. Output depends only on the tree and the options. Stateless and
 * thread-safe.
 */
public final class SquashfsWriter {
  private SquashfsWriter() {}

  /**
   * Plans an image; nothing is read or written yet.
   *
   * @param tree the file tree
   * @param options compressor, block size, creation time, packing
   * @param listener receives warnings (extended attributes squashfs cannot store are dropped)
   * @return the planned image
   * @throws InvalidInputException when the tree does not fit squashfs: an mtime before 1970 or
   *     after 2106, more than 65536 distinct uids and gids
   */
  public static SquashfsImage plan(
      FileTree tree, SquashfsOptions options, ProgressListener listener)
      throws InvalidInputException {
    Instant mkfs = options.mkfsTime().orElse(tree.newestMtime());
    Planner p = new Planner(options, listener);
    long mkfsTime = p.seconds(mkfs, "the file system's creation time (newest mtime)");
    PlannedInode root = new PlannedInode(tree.root(), null, null);
    p.number(root, (Directory) root.node);
    root.number = p.next++;
    p.create(root);
    for (PlannedInode inode : p.order) {
      p.describe(inode, mkfs);
    }
    List<PlannedFile> files = p.files(options);
    return new SquashfsImage(
        options,
        mkfsTime,
        root,
        p.order,
        files,
        p.ids.keySet().stream().mapToLong(Long::longValue).toArray(),
        new ArrayList<>(p.xattrSets.keySet()));
  }

  /**
   * Plans an image without reporting warnings.
   *
   * @param tree the file tree
   * @param options compressor, block size, creation time, packing
   * @return the planned image
   * @throws InvalidInputException when the tree does not fit squashfs
   */
  public static SquashfsImage plan(FileTree tree, SquashfsOptions options)
      throws InvalidInputException {
    return plan(tree, options, ProgressListener.NONE);
  }

  /** The state of one plan. */
  private static final class Planner {
    final SquashfsOptions options;
    final ProgressListener listener;
    int next = 1;
    final Map<Long, PlannedInode> byTreeInode = new HashMap<>();
    final List<PlannedInode> order = new ArrayList<>();
    final List<PlannedInode> fileInodes = new ArrayList<>();
    final Map<Long, Integer> ids = new LinkedHashMap<>();
    final Map<List<Xattr>, Integer> xattrSets = new LinkedHashMap<>();

    Planner(SquashfsOptions options, ProgressListener listener) {
      this.options = options;
      this.listener = listener;
    }

    /** Numbers inodes depth first, entries in name order, as mksquashfs's dir_scan6 does. */
    void number(PlannedInode dirInode, Directory dir) {
      for (DirEntry e : dir.entries()) {
        PlannedInode child = null;
        if (e.node() instanceof NonDirectory nd) {
          child = byTreeInode.get(nd.inode());
          if (child != null) {
            child.nlink++;
          }
        }
        if (child == null) {
          child = new PlannedInode(e.node(), dirInode, e.name());
          child.number = next++;
          if (e.node() instanceof NonDirectory nd) {
            byTreeInode.put(nd.inode(), child);
          }
        }
        dirInode.children.add(new PlannedInode.Child(e.name(), child));
        if (e.node() instanceof Directory sub) {
          number(child, sub);
        }
      }
      dirInode.nlink = 2 + ((Directory) dirInode.node).subdirectoryCount();
    }

    /** Lists inodes in inode-table order: each directory after its entries (dir_scan7). */
    void create(PlannedInode dir) {
      for (PlannedInode.Child c : dir.children) {
        PlannedInode child = c.inode();
        if (child.isDirectory()) {
          create(child);
        } else if (child.parent == dir && c.name().equals(child.name)) {
          // a non-directory is created at its first name (hard links come later)
          order.add(child);
          if (child.node instanceof RegularFile) {
            fileInodes.add(child);
          }
        }
      }
      order.add(dir);
    }

    void describe(PlannedInode inode, Instant mkfs) throws InvalidInputException {
      var m = inode.node.metadata();
      inode.mode = m.permissions() & MODE_MASK;
      Instant mtime = options.clampMtimes() && m.mtime().isAfter(mkfs) ? mkfs : m.mtime();
      inode.mtime = seconds(mtime, inode.path() + ": mtime");
      inode.uidIndex = id(m.uid());
      inode.gidIndex = id(m.gid());
      List<Xattr> kept = XattrTable.storable(m.xattrs(), inode, listener);
      if (!kept.isEmpty()) {
        inode.xattrIndex = xattrSets.computeIfAbsent(kept, k -> xattrSets.size());
      }
    }

    long seconds(Instant t, String what) throws InvalidInputException {
      long s = t.getEpochSecond();
      if (s < 0 || s > SquashfsOptions.MAX_TIME) {
        throw new InvalidInputException(
            what
                + " "
                + t
                + " cannot be stored: squashfs keeps times as unsigned 32-bit seconds (1970 to"
                + " 2106)");
      }
      return s;
    }

    int id(long id) throws InvalidInputException {
      Integer index = ids.get(id);
      if (index == null) {
        if (ids.size() == MAX_IDS) {
          throw new InvalidInputException(
              "more than " + MAX_IDS + " distinct uids and gids: squashfs indexes them in 16 bits");
        }
        index = ids.size();
        ids.put(id, index);
      }
      return index;
    }

    /** Data plans in data order; files whose size another file shares are hashed. */
    List<PlannedFile> files(SquashfsOptions options) {
      Map<Long, Integer> sizes = new HashMap<>();
      for (PlannedInode inode : fileInodes) {
        long size = ((RegularFile) inode.node).size();
        if (size > 0) {
          sizes.merge(size, 1, Integer::sum);
        }
      }
      List<PlannedFile> files = new ArrayList<>(fileInodes.size());
      for (PlannedInode inode : fileInodes) {
        RegularFile f = (RegularFile) inode.node;
        boolean candidate = options.duplicates() && sizes.getOrDefault(f.size(), 0) > 1;
        inode.file =
            PlannedFile.of(
                files.size(),
                inode,
                f.content(),
                options.blockSize(),
                options.tailEnds(),
                candidate);
        files.add(inode.file);
      }
      return files;
    }
  }
}
