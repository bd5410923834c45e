package dev.mkddi.description;

/** A boot loader kiwi can name; mkddi installs only systemd-boot. */
public enum Bootloader {
  /** systemd-boot: the one mkddi installs. */
  SYSTEMD_BOOT("systemd_boot"),
  /** GRUB 2 (not supported: a problem). */
  GRUB2("grub2"),
  /** kiwi's "custom" (not supported: a problem). */
  CUSTOM("custom"),
  /** zipl (not supported: a problem). */
  ZIPL("zipl"),
  /** zipl plus user-space GRUB (not supported: a problem). */
  GRUB2_S390X_EMU("grub2_s390x_emu");

  private final String kiwiName;

  Bootloader(String kiwiName) {
    this.kiwiName = kiwiName;
  }

  /**
   * @return the spelling in a description
   */
  public String kiwiName() {
    return kiwiName;
  }

  /**
   * @param name a kiwi spelling
   * @return the boot loader
   * @throws IllegalArgumentException when the name is not one (the schema prevents this)
   */
  public static Bootloader fromKiwiName(String name) {
    for (Bootloader b : values()) {
      if (b.kiwiName.equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown boot loader " + name);
  }
}
