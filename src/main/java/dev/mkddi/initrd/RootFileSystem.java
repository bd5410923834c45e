package dev.mkddi.initrd;

/** The file systems a verity root can have, by the kernel module that mounts each. */
public enum RootFileSystem {
  /** EROFS: fs/erofs. */
  EROFS("erofs"),
  /** squashfs: fs/squashfs. */
  SQUASHFS("squashfs"),
  /** ext4: fs/ext4. */
  EXT4("ext4");

  private final String module;

  RootFileSystem(String module) {
    this.module = module;
  }

  /**
   * @return the kernel module's name
   */
  public String module() {
    return module;
  }
}
