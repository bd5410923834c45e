package dev.mkddi.squashfs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.tukaani.xz.ARM64Options;
import org.tukaani.xz.ARMOptions;
import org.tukaani.xz.ARMThumbOptions;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.IA64Options;
import org.tukaani.xz.PowerPCOptions;
import org.tukaani.xz.RISCVOptions;
import org.tukaani.xz.SPARCOptions;
import org.tukaani.xz.X86Options;

/**
 * The branch/call/jump (BCJ) filters mksquashfs's {@code -Xbcj} offers, in the order of its table:
 * the bit of each in the xz compressor options' {@code flags} is {@code 1 << ordinal()}. A filter
 * makes machine code of its architecture compress better; each data block is compressed without a
 * filter and with each selected one, and the smallest result is kept.
 */
public enum XzFilter {
  /** x86 and x86-64. */
  X86,
  /** 32-bit big-endian PowerPC. */
  POWERPC,
  /** Itanium. */
  IA64,
  /** 32-bit ARM. */
  ARM,
  /** ARM Thumb. */
  ARMTHUMB,
  /** SPARC. */
  SPARC,
  /** AArch64 (squashfs-tools 4.6.1 and later, Linux 6.2 and later). */
  ARM64,
  /** RISC-V (squashfs-tools 4.7 and later, Linux 6.8 and later). */
  RISCV;

  /**
   * @return the name {@code -Xbcj} takes
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @return this filter's bit in the compressor options
   */
  int flag() {
    return 1 << ordinal();
  }

  /**
   * @param name a name as {@code -Xbcj} takes it
   * @return the filter, or empty for an unknown name
   */
  public static Optional<XzFilter> ofLabel(String name) {
    for (XzFilter f : values()) {
      if (f.label().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * @param name a name as {@code -Xbcj} takes it, in any case
   * @return the filter
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static XzFilter forBcj(String name) {
    return ofLabel(name.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + name
                        + "' is not a BCJ filter ("
                        + String.join(", ", Arrays.stream(values()).map(XzFilter::label).toList())
                        + ")"));
  }

  /**
   * Whether this filter may change a block. The x86 filter rewrites only the 4 bytes after an E8
   * (call) or E9 (jump) opcode byte: a block without one (text, as a rule) comes out unchanged, and
   * its stream with the filter is as long as the one without (the filter's 2 bytes fit in the block
   * header's padding), so the smallest-stream choice, ties to no filter, keeps the unfiltered one
   * and the filtered try can be skipped. The other filters are always tried.
   *
   * @param b the block's array
   * @param offset where the block starts
   * @param length the block's length
   * @return false only when the filter leaves these bytes as they are
   */
  boolean mayChange(byte[] b, int offset, int length) {
    if (this != X86) {
      return true;
    }
    for (int i = offset; i < offset + length; i++) {
      if ((b[i] & 0xFE) == 0xE8) {
        return true;
      }
    }
    return false;
  }

  /**
   * @return XZ for Java's options for this filter
   */
  FilterOptions options() {
    return switch (this) {
      case X86 -> new X86Options();
      case POWERPC -> new PowerPCOptions();
      case IA64 -> new IA64Options();
      case ARM -> new ARMOptions();
      case ARMTHUMB -> new ARMThumbOptions();
      case SPARC -> new SPARCOptions();
      case ARM64 -> new ARM64Options();
      case RISCV -> new RISCVOptions();
    };
  }
}
