package dev.mkddi.uki;

import dev.mkddi.io.Channels;
import dev.mkddi.io.LittleEndian;
import java.io.EOFException;
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

  private static final int DOS_HEADER = 64;

  private PeMachine() {}

  /**
   * @param file a file
   * @return its PE Machine, or empty when it does not start with an MZ header pointing to a PE
   *     signature
   * @throws IOException when the file cannot be read
   */
  public static OptionalInt of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < DOS_HEADER) {
        return OptionalInt.empty();
      }
      ByteBuffer dos = LittleEndian.allocate(DOS_HEADER);
      Channels.readFully(ch, dos, 0);
      if ((dos.getShort(0) & 0xFFFF) != PeConstants.DOS_MAGIC) {
        return OptionalInt.empty();
      }
      long pe = dos.getInt(PeConstants.E_LFANEW_OFFSET) & 0xFFFFFFFFL;
      int len = PeConstants.MACHINE + 2;
      if (pe + len > ch.size()) {
        return OptionalInt.empty();
      }
      ByteBuffer h = LittleEndian.allocate(len);
      Channels.readFully(ch, h, pe);
      if (h.getInt(0) != PeConstants.PE_SIGNATURE) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(h.getShort(PeConstants.MACHINE) & 0xFFFF);
    } catch (EOFException e) {
      return OptionalInt.empty();
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
