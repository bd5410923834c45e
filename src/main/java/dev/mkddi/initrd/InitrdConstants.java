package dev.mkddi.initrd;

/**
 * The cpio "newc" layout the kernel reads (Documentation/driver-api/early-userspace/buffer-format)
 * and the magic numbers of the compressors it accepts. Constants only; thread-safe.
 */
final class InitrdConstants {
  /**
   * The most memory an xz or lzma stream may need to decompress, in KiB: 256 MiB, four times the
   * largest dictionary {@code xz -9} uses, so a forged header cannot make mkddi allocate gigabytes.
   */
  static final int MAX_DICTIONARY_KIB = 256 << 10;

  private InitrdConstants() {}

  /** newc magic; {@link #MAGIC_CRC} is the same layout with a checksum of the data. */
  static final String MAGIC_NEWC = "070701";

  static final String MAGIC_CRC = "070702";

  /** Every header field is 8 hex digits after the 6-byte magic. */
  static final int FIELD_LEN = 8;

  static final int MAGIC_LEN = 6;
  static final int INO_OFFSET = MAGIC_LEN;
  static final int MODE_OFFSET = INO_OFFSET + FIELD_LEN;
  static final int UID_OFFSET = MODE_OFFSET + FIELD_LEN;
  static final int GID_OFFSET = UID_OFFSET + FIELD_LEN;
  static final int NLINK_OFFSET = GID_OFFSET + FIELD_LEN;
  static final int MTIME_OFFSET = NLINK_OFFSET + FIELD_LEN;
  static final int FILESIZE_OFFSET = MTIME_OFFSET + FIELD_LEN;
  static final int DEVMAJOR_OFFSET = FILESIZE_OFFSET + FIELD_LEN;
  static final int DEVMINOR_OFFSET = DEVMAJOR_OFFSET + FIELD_LEN;
  static final int RDEVMAJOR_OFFSET = DEVMINOR_OFFSET + FIELD_LEN;
  static final int RDEVMINOR_OFFSET = RDEVMAJOR_OFFSET + FIELD_LEN;
  static final int NAMESIZE_OFFSET = RDEVMINOR_OFFSET + FIELD_LEN;
  static final int CHECK_OFFSET = NAMESIZE_OFFSET + FIELD_LEN;
  static final int HEADER_LEN = CHECK_OFFSET + FIELD_LEN;

  /** Header plus name, and the data, each start on a multiple of this. */
  static final int ALIGNMENT = 4;

  /** The name of the entry that ends an archive. */
  static final String TRAILER = "TRAILER!!!";

  /** The kernel's PATH_MAX: longer names are refused. */
  static final int MAX_NAME = 4096;

  /** File type bits of the mode (st_mode). */
  static final int S_IFMT = 0170000;

  static final int S_IFDIR = 0040000;
  static final int S_IFREG = 0100000;
  static final int S_IFLNK = 0120000;
}
