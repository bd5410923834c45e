package dev.mkddi.description;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code <bootloader>}: systemd-boot on the ESP with a loader.conf timeout and a UKI, optionally
 * Authenticode-signed for UEFI Secure Boot. Immutable.
 *
 * @param name the boot loader (anything but systemd-boot is a problem)
 * @param timeout menu timeout in seconds, if given
 * @param uki where the UKI's files come from
 * @param secureBoot the key and certificate that sign systemd-boot and the UKI, if any
 */
public record BootloaderSpec(
    Bootloader name, OptionalInt timeout, UkiSpec uki, SecureBootSpec secureBoot) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException for a negative timeout
   */
  public BootloaderSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(uki, "uki");
    Objects.requireNonNull(secureBoot, "secureBoot");
    if (timeout.isPresent() && timeout.getAsInt() < 0) {
      throw new IllegalArgumentException("negative timeout");
    }
  }

  /**
   * A boot chain without Secure Boot signing.
   *
   * @param name the boot loader
   * @param timeout menu timeout in seconds, if given
   * @param uki where the UKI's files come from
   */
  public BootloaderSpec(Bootloader name, OptionalInt timeout, UkiSpec uki) {
    this(name, timeout, uki, SecureBootSpec.NONE);
  }
}
