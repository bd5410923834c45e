package dev.mkddi.gpt;

import dev.mkddi.io.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The partition attribute bits mkddi knows: the UEFI bits 0–2 and the Discoverable Partitions
 * Specification bits 59, 60 and 63, each with the flag name {@code mkddi inspect} prints. Immutable
 * and thread-safe.
 */
public enum GptAttribute {
  /** UEFI: the platform needs this partition to function. */
  REQUIRED(0, "required"),
  /** UEFI: firmware must not expose the partition through the Block IO protocol. */
  NO_BLOCK_IO(1, "no-block-io"),
  /** UEFI: legacy BIOS bootable. */
  LEGACY_BIOS_BOOTABLE(2, "legacy-bios-bootable"),
  /** DPS: grow the file system to the partition size on first mount. */
  GROW_FILE_SYSTEM(59, "grow-file-system"),
  /** DPS: mount read-only. */
  READ_ONLY(60, "read-only"),
  /** DPS: not mounted or used by automatic discovery. */
  NO_AUTO(63, "no-auto");

  private static final String UNKNOWN_PREFIX = "bit-";

  private final int bit;
  private final String flagName;

  GptAttribute(int bit, String flagName) {
    this.bit = bit;
    this.flagName = flagName;
  }

  /**
   * @return the bit number, 0–63
   */
  public int bit() {
    return bit;
  }

  /**
   * @return the attribute as a mask for the 64-bit attribute field
   */
  public long mask() {
    return 1L << bit;
  }

  /**
   * @return the name used in {@code mkddi inspect}, e.g. {@code read-only}
   */
  public String flagName() {
    return flagName;
  }

  /**
   * @param attributes an attribute field
   * @return whether this attribute is set in it
   */
  public boolean isSet(long attributes) {
    return (attributes & mask()) != 0;
  }

  /**
   * Names the set bits of an attribute field in ascending bit order; bits without a name appear as
   * {@code bit-N}.
   *
   * @param attributes an attribute field
   * @return the flag names, e.g. {@code [read-only, no-auto]}
   */
  public static List<String> flagNames(long attributes) {
    List<String> names = new ArrayList<>();
    for (int b = 0; b < Long.SIZE; b++) {
      if ((attributes & (1L << b)) != 0) {
        GptAttribute a = byBit(b);
        names.add(a == null ? UNKNOWN_PREFIX + b : a.flagName);
      }
    }
    return List.copyOf(names);
  }

  /**
   * Parses a flag name ({@code read-only}) or a bit ({@code bit-48}, {@code 48}).
   *
   * @param name the name
   * @return the mask of the bit
   * @throws InvalidInputException when the name is neither
   */
  public static long parseFlag(String name) throws InvalidInputException {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (GptAttribute a : values()) {
      if (a.flagName.equals(n)) {
        return a.mask();
      }
    }
    String digits = n.startsWith(UNKNOWN_PREFIX) ? n.substring(UNKNOWN_PREFIX.length()) : n;
    if (!digits.isEmpty() && digits.length() <= 2 && digits.chars().allMatch(Character::isDigit)) {
      int b = Integer.parseInt(digits);
      if (b < Long.SIZE) {
        return 1L << b;
      }
    }
    throw new InvalidInputException(
        "unknown partition flag '"
            + name
            + "': expected required,"
            + " no-block-io, legacy-bios-bootable, grow-file-system, read-only, no-auto or a bit"
            + " number 0-63");
  }

  private static @Nullable GptAttribute byBit(int bit) {
    for (GptAttribute a : values()) {
      if (a.bit == bit) {
        return a;
      }
    }
    return null;
  }
}
