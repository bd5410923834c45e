package dev.mkddi.description;

/** The boot firmware the disk is made for; anything but NONE adds an EFI system partition. */
public enum Firmware {
  /** No {@code firmware} attribute: no ESP (the image is booted some other way or mounted). */
  NONE("none"),
  /** {@code firmware="efi"}. */
  EFI("efi"),
  /** {@code firmware="uefi"} (kiwi: EFI with shim for Secure Boot; mkddi installs no shim). */
  UEFI("uefi");

  private final String kiwiName;

  Firmware(String kiwiName) {
    this.kiwiName = kiwiName;
  }

  /**
   * @return the spelling in a description
   */
  public String kiwiName() {
    return kiwiName;
  }

  /**
   * @return whether the disk gets an EFI system partition
   */
  public boolean hasEsp() {
    return this != NONE;
  }
}
