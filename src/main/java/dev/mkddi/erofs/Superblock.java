package dev.mkddi.erofs;

import static dev.mkddi.erofs.ErofsConstants.*;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The fields of {@code struct erofs_super_block} that mkddi writes and reads (no shared xattrs, no
 * extra devices, {@code meta_blkaddr = 0}). Immutable.
 *
 * @param featureCompat {@code feature_compat} bits
 * @param rootNid nid of the root directory (16 bits)
 * @param inodeCount {@code inos}
 * @param buildTime {@code build_time}: seconds, the time of compact inodes
 * @param buildTimeNanos {@code build_time_nsec}
 * @param blocks image size in blocks
 * @param uuid the file system UUID
 * @param volumeName the label, at most 15 bytes of UTF-8
 * @param featureIncompat {@code feature_incompat} bits (compression features)
 * @param u1 {@code available_compr_algs} with compression configurations, else {@code
 *     lz4_max_distance}
 * @param packedNid nid of the packed inode of fragments ({@code packed_nid}), 0 for none
 */
public record Superblock(
    int featureCompat,
    int rootNid,
    long inodeCount,
    long buildTime,
    int buildTimeNanos,
    long blocks,
    UUID uuid,
    String volumeName,
    int featureIncompat,
    int u1,
    long packedNid) {

  /**
   * A superblock of an uncompressed image.
   *
   * @param featureCompat {@code feature_compat} bits
   * @param rootNid nid of the root directory
   * @param inodeCount {@code inos}
   * @param buildTime seconds
   * @param buildTimeNanos nanoseconds
   * @param blocks image size in blocks
   * @param uuid the file system UUID
   * @param volumeName the label
   */
  public Superblock(
      int featureCompat,
      int rootNid,
      long inodeCount,
      long buildTime,
      int buildTimeNanos,
      long blocks,
      UUID uuid,
      String volumeName) {
    this(
        featureCompat,
        rootNid,
        inodeCount,
        buildTime,
        buildTimeNanos,
        blocks,
        uuid,
        volumeName,
        0,
        0,
        0);
  }

  /**
   * @return bytes the file system occupies ({@code blocks} of the block size)
   */
  public long sizeBytes() {
    return blocks << BLOCK_SIZE_BITS;
  }

  /**
   * The compression algorithms the image declares ({@code available_compr_algs}), by mkfs.erofs's
   * names; lz4 and lz4hc share one id and are named {@code lz4}. An image without configurations
   * that announces the zero padding of compressed clusters uses lz4.
   *
   * @return the algorithms, in id order, or an empty list for an uncompressed image
   */
  public List<String> compressionAlgorithms() {
    if (!hasConfigs()) {
      // lz4 is the one algorithm without a configuration; its images announce the zero padding
      boolean lz4 = (featureIncompat & EROFS_FEATURE_INCOMPAT_ZERO_PADDING) != 0;
      return lz4 ? List.of(ErofsCompression.Algorithm.LZ4.erofsName()) : List.of();
    }
    List<String> names = new ArrayList<>();
    for (int id = 0; id < Integer.SIZE; id++) {
      if ((u1 & (1 << id)) == 0) {
        continue;
      }
      String name = "id " + id;
      for (ErofsCompression.Algorithm a : ErofsCompression.Algorithm.values()) {
        if (a.id() == id) {
          name = a.erofsName();
          break;
        }
      }
      names.add(name);
    }
    return names;
  }

  /**
   * @return whether compression configurations follow the superblock
   */
  boolean hasConfigs() {
    return (featureIncompat & EROFS_FEATURE_INCOMPAT_COMPR_CFGS) != 0;
  }

  /**
   * Encodes the 128-byte superblock with a zero checksum at the buffer's position, advancing it.
   *
   * @param buf a little-endian buffer with at least 128 bytes remaining
   */
  void encode(ByteBuffer buf) {
    int base = buf.position();
    ByteBuffer b = buf.duplicate().order(buf.order());
    b.putInt(base + SB_MAGIC, EROFS_SUPER_MAGIC_V1);
    b.putInt(base + SB_CHECKSUM, 0);
    b.putInt(base + SB_FEATURE_COMPAT, featureCompat);
    b.put(base + SB_BLKSZBITS, (byte) BLOCK_SIZE_BITS);
    b.put(base + SB_EXTSLOTS, (byte) 0);
    b.putShort(base + SB_ROOT_NID, (short) rootNid);
    b.putLong(base + SB_INOS, inodeCount);
    b.putLong(base + SB_BUILD_TIME, buildTime);
    b.putInt(base + SB_BUILD_TIME_NSEC, buildTimeNanos);
    b.putInt(base + SB_BLOCKS, (int) blocks);
    b.putInt(base + SB_META_BLKADDR, 0);
    b.putInt(base + SB_XATTR_BLKADDR, 0);
    ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    be.putLong(base + SB_UUID, uuid.getMostSignificantBits());
    be.putLong(base + SB_UUID + Long.BYTES, uuid.getLeastSignificantBits());
    byte[] name = volumeName.getBytes(StandardCharsets.UTF_8);
    b.position(base + SB_VOLUME_NAME);
    b.put(name).put(new byte[SB_VOLUME_NAME_LEN - name.length]);
    b.position(base + SB_FEATURE_INCOMPAT);
    b.put(new byte[SUPERBLOCK_SIZE - SB_FEATURE_INCOMPAT]);
    b.putInt(base + SB_FEATURE_INCOMPAT, featureIncompat);
    b.putShort(base + SB_U1, (short) u1);
    b.putLong(base + SB_PACKED_NID, packedNid);
    buf.position(base + SUPERBLOCK_SIZE);
  }

  /**
   * Decodes a superblock.
   *
   * @param buf the bytes of the superblock from its first byte (position), little-endian
   * @param file the image name, for messages
   * @param imageOffset byte offset of the superblock in {@code file}
   * @return the superblock
   * @throws FormatException when the magic or block size is wrong or a feature is unsupported
   */
  static Superblock decode(ByteBuffer buf, String file, long imageOffset) throws FormatException {
    int base = buf.position();
    int magic = buf.getInt(base + SB_MAGIC);
    if (magic != EROFS_SUPER_MAGIC_V1) {
      throw new FormatException(
          file,
          imageOffset + SB_MAGIC,
          "EROFS magic",
          String.format("expected 0x%08x, got 0x%08x", EROFS_SUPER_MAGIC_V1, magic));
    }
    int bits = buf.get(base + SB_BLKSZBITS);
    if (bits != BLOCK_SIZE_BITS) {
      throw new FormatException(
          file,
          imageOffset + SB_BLKSZBITS,
          "blkszbits",
          "expected " + BLOCK_SIZE_BITS + ", got " + bits);
    }
    int incompat = buf.getInt(base + SB_FEATURE_INCOMPAT);
    if ((incompat & ~KNOWN_INCOMPAT) != 0) {
      throw new FormatException(
          file,
          imageOffset + SB_FEATURE_INCOMPAT,
          "feature_incompat",
          String.format(
              "unsupported features 0x%x (known: 0x%x)",
              incompat & ~KNOWN_INCOMPAT, KNOWN_INCOMPAT));
    }
    ByteBuffer be = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    UUID uuid = new UUID(be.getLong(base + SB_UUID), be.getLong(base + SB_UUID + Long.BYTES));
    byte[] name = new byte[SB_VOLUME_NAME_LEN];
    buf.get(base + SB_VOLUME_NAME, name);
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    return new Superblock(
        buf.getInt(base + SB_FEATURE_COMPAT),
        Short.toUnsignedInt(buf.getShort(base + SB_ROOT_NID)),
        buf.getLong(base + SB_INOS),
        buf.getLong(base + SB_BUILD_TIME),
        buf.getInt(base + SB_BUILD_TIME_NSEC),
        LittleEndian.unsigned(buf.getInt(base + SB_BLOCKS)),
        uuid,
        new String(Arrays.copyOf(name, len), StandardCharsets.UTF_8),
        incompat,
        Short.toUnsignedInt(buf.getShort(base + SB_U1)),
        buf.getLong(base + SB_PACKED_NID));
  }

  /**
   * Computes the superblock checksum the kernel verifies: CRC-32C with initial value ~0 and no
   * final inversion over block 0 from the superblock to the end of the block, checksum field 0.
   *
   * @param block0 the first {@link ErofsConstants#BLOCK_SIZE} bytes of the image (from index 0)
   * @return the value of the {@code checksum} field
   */
  static int checksum(byte[] block0) {
    byte[] copy = Arrays.copyOfRange(block0, SUPERBLOCK_OFFSET, BLOCK_SIZE);
    Arrays.fill(copy, SB_CHECKSUM, SB_CHECKSUM + 4, (byte) 0);
    CRC32C crc = new CRC32C();
    crc.update(copy);
    return (int) ~crc.getValue();
  }
}
