package dev.mkddi.swap;

/**
 * Layout of the version 1 swap header ({@code union swap_header} in Linux's {@code
 * include/linux/swap.h}): 1024 bytes left for a boot block, then version, last page, bad page
 * count, UUID and label, and the magic in the last 10 bytes of the first page.
 */
final class SwapConstants {
  private SwapConstants() {}

  static final int BOOTBITS = 1024;
  static final int VERSION_OFFSET = BOOTBITS;
  static final int LAST_PAGE_OFFSET = VERSION_OFFSET + 4;
  static final int NR_BADPAGES_OFFSET = LAST_PAGE_OFFSET + 4;
  static final int UUID_OFFSET = NR_BADPAGES_OFFSET + 4;
  static final int UUID_LENGTH = 16;
  static final int LABEL_OFFSET = UUID_OFFSET + UUID_LENGTH;
  static final int LABEL_LENGTH = 16;

  /** Longest label: mkswap keeps a terminating NUL in the 16-byte field. */
  static final int MAX_LABEL_BYTES = LABEL_LENGTH - 1;

  static final int MAGIC_LENGTH = 10;
  static final byte[] MAGIC = {'S', 'W', 'A', 'P', 'S', 'P', 'A', 'C', 'E', '2'};
  static final int VERSION = 1;

  /** mkswap's smallest swap area, in pages ({@code MIN_GOODPAGES}). */
  static final int MIN_PAGES = 10;

  static final int MIN_PAGE_SIZE = 4096;
  static final int MAX_PAGE_SIZE = 65536;
}
