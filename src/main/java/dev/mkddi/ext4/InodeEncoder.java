package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.tree.FileType;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.Symlink;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Turns planned inodes, the journal and the resize inode into {@link Inode} records. Stateless. */
final class InodeEncoder {
  private static final byte[] NO_XATTRS = new byte[IBODY_XATTR_SPACE];

  private InodeEncoder() {}

  /**
   * @param p a planned inode
   * @param extents its extents (triples)
   * @param tree its extent tree blocks
   * @param xattrBlock its xattr block, 0 for none
   * @return its on-disk inode
   */
  static Inode of(PlannedInode p, long[] extents, long[] tree, long xattrBlock) {
    int flags = p.usesExtents() ? EXT4_EXTENTS_FL : 0;
    if (p.directory != null && p.directory.isHtree()) {
      flags |= EXT4_INDEX_FL;
    }
    byte[] block;
    if (p.usesExtents()) {
      block = extentRoot(extents, tree);
    } else if (p.node instanceof Symlink s) {
      block = new byte[I_BLOCK_LEN];
      System.arraycopy(s.target(), 0, block, 0, s.targetLength());
    } else if (p.node instanceof SpecialFile s) {
      block = deviceBlock(s);
    } else {
      throw new IllegalStateException(p.path() + ": no extents, no symlink, no device");
    }
    return new Inode(
        p.type().modeBits() | p.metadata.permissions(),
        p.metadata.uid(),
        p.metadata.gid(),
        p.size,
        p.nlink,
        p.allocatedBlocks(tree.length) * (BLOCK_SIZE / 512),
        flags,
        p.time,
        p.time,
        p.time,
        p.time,
        block,
        xattrBlock,
        p.xattrs.ibody().isEmpty() ? NO_XATTRS : p.xattrs.encodeIbody());
  }

  /**
   * @param extents the journal's extents
   * @param tree its tree blocks
   * @param time the build time
   * @return the journal inode (8)
   */
  static Inode journal(long[] extents, long[] tree, Instant time) {
    long blocks = 0;
    for (int i = 2; i < extents.length; i += 3) {
      blocks += extents[i];
    }
    return system(
        blocks * BLOCK_SIZE,
        (blocks + tree.length) * (BLOCK_SIZE / 512),
        EXT4_EXTENTS_FL,
        extentRoot(extents, tree),
        time);
  }

  /**
   * The resize inode (7) as mke2fs makes it: a double-indirect block that maps the reserved GDT
   * blocks, and a size covering everything a double-indirect block can address.
   *
   * @param g the geometry
   * @param dind the double-indirect block
   * @param time the build time
   * @return the inode
   */
  static Inode resize(Geometry g, long dind, Instant time) {
    long backups = 0;
    for (int group = 1; group < g.groups(); group++) {
      if (Geometry.hasSuper(group)) {
        backups++;
      }
    }
    long blocks = 1 + (long) g.reservedGdtBlocks() * (1 + backups);
    ByteBuffer block = LittleEndian.allocate(I_BLOCK_LEN).putInt(4 * DIND_BLOCK, (int) dind);
    long size = ((long) ADDR_PER_BLOCK * ADDR_PER_BLOCK + ADDR_PER_BLOCK + 12) * BLOCK_SIZE;
    return system(size, blocks * (BLOCK_SIZE / 512), 0, block.array(), time);
  }

  private static Inode system(long size, long sectors, int flags, byte[] block, Instant time) {
    return new Inode(
        FileType.REGULAR.modeBits() | 0600,
        0,
        0,
        size,
        1,
        sectors,
        flags,
        time,
        time,
        time,
        time,
        block,
        0,
        NO_XATTRS);
  }

  private static byte[] extentRoot(long[] extents, long[] tree) {
    ByteBuffer b = LittleEndian.allocate(I_BLOCK + I_BLOCK_LEN);
    ExtentTree.encodeRoot(b, extents, tree);
    byte[] out = new byte[I_BLOCK_LEN];
    b.get(I_BLOCK, out);
    return out;
  }

  /** Linux's encoding: the old 8:8 one in i_block[0] when it fits, else the new one in [1]. */
  private static byte[] deviceBlock(SpecialFile s) {
    ByteBuffer b = LittleEndian.allocate(I_BLOCK_LEN);
    if (s.type().isDevice()) {
      int major = s.major();
      int minor = s.minor();
      if (major < 256 && minor < 256) {
        b.putInt(0, (major << 8) | minor);
      } else {
        b.putInt(4, (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12));
      }
    }
    return b.array();
  }
}
