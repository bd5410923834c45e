package dev.mkddi.uki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * Reads the COFF {@code Machine} of a PE/EFI image, to check a kernel, stub or boot loader is for
 * the target architecture before it is put into an image. Stateless and thread-safe.
 */
public final class PeMachine {
  /** x86-64 (AMD64). */
  public static final int X86_64 = 0x8664;

  /** 64-bit ARM. */
  public static final int ARM64 = 0xAA64;

  /** 32-bit x86. */
  public static final int IA32 = 0x014C;

  /** 32-bit ARM (Thumb mixed, as UEFI uses). */
  public static final int ARM = 0x01C2;

  /** 64-bit RISC-V. */
  public static final int RISCV64 = 0x5064;

  /** 64-bit LoongArch. */
  public static final int LOONGARCH64 = 0x6264;

  private PeMachine() {}

  /**
   * @param file a file
   * @return its PE Machine, or empty when it does not start with an MZ header pointing to a PE
   *     signature
   * @throws IOException when the file cannot be read
   */
  public static OptionalInt of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer h = PeProbe.headers(ch.size(), PeProbe.of(ch), PeConstants.MACHINE + 2);
      return h == null
          ? OptionalInt.empty()
          : OptionalInt.of(h.getShort(PeConstants.MACHINE) & 0xFFFF);
    }
  }

  /**
   * @param machine a PE Machine value
   * @return it in hex with its architecture's name when known, e.g. {@code 0xaa64 (arm64)}
   */
  public static String describe(int machine) {
    String name =
        switch (machine) {
          case X86_64 -> "x86-64";
          case ARM64 -> "arm64";
          case IA32 -> "ia32";
          case ARM -> "arm";
          case RISCV64 -> "riscv64";
          case LOONGARCH64 -> "loongarch64";
          default -> "unknown";
        };
    return String.format("0x%04x (%s)", machine, name);
  }
}
