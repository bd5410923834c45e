package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import java.util.Set;

/** The boot firmware the disk is made for; anything but NONE adds an EFI system partition. */
public enum Firmware {
  /** No {@code firmware} attribute: no ESP (the image is booted some other way or mounted). */
  NONE("none"),
  /** {@code firmware="efi"}. */
  EFI("efi"),
  /** {@code firmware="uefi"} (kiwi: EFI with shim for Secure Boot; mkddi installs no shim). */
  UEFI("uefi");

  /**
   * The architectures with UEFI firmware, systemd-boot and a UKI stub (kiwi allows efi on the same,
   * apart from 32-bit x86, and refuses it on s390, s390x and the Power architectures).
   */
  public static final Set<Architecture> UEFI_ARCHITECTURES =
      Set.of(
          Architecture.X86_64,
          Architecture.X86,
          Architecture.ARM64,
          Architecture.ARM,
          Architecture.RISCV64,
          Architecture.LOONGARCH64);

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
