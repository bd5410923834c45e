package dev.mkddi.description;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code <bootloader>}: systemd-boot on the ESP with a loader.conf timeout and a UKI. Immutable.
 *
 * @param name the boot loader (anything but systemd-boot is a problem)
 * @param timeout menu timeout in seconds, if given
 * @param uki where the UKI's files come from
 */
public record BootloaderSpec(Bootloader name, OptionalInt timeout, UkiSpec uki) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException for a negative timeout
   */
  public BootloaderSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(uki, "uki");
    if (timeout.isPresent() && timeout.getAsInt() < 0) {
      throw new IllegalArgumentException("negative timeout");
    }
  }
}
