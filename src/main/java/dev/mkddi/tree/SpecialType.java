package dev.mkddi.tree;

/** The kinds of inodes without content. */
public enum SpecialType {
  /** A character device node. */
  CHARACTER_DEVICE,
  /** A block device node. */
  BLOCK_DEVICE,
  /** A named pipe. */
  FIFO,
  /** A Unix domain socket. */
  SOCKET;

  /**
   * @return whether the node carries a device number
   */
  public boolean isDevice() {
    return this == CHARACTER_DEVICE || this == BLOCK_DEVICE;
  }
}
