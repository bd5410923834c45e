package dev.mkddi.uki;

import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small synthetic PE32+ images (stubs and kernels) for tests. Not thread-safe. */
public final class TestPe {
  static final int E_LFANEW = 0x40;
  static final int OPT = E_LFANEW + 24;
  static final int OPT_SIZE = 240;
  static final int SECTION_TABLE = OPT + OPT_SIZE;

  private record Sec(String name, int va, int vs, byte[] data) {}

  private final List<Sec> sections = new ArrayList<>();
  int sectionAlignment = 0x1000;
  int fileAlignment = 0x200;
  int sizeOfHeaders = 0x400;
  int sizeOfImage = 0;
  boolean signed;
  int symbolBytes;
  boolean unalignedRaw;
  int machine = 0x8664;

  TestPe section(String name, int va, byte[] data) {
    sections.add(new Sec(name, va, data.length, data));
    return this;
  }

  /** A stub like systemd's: .text, .data, .sbat, .sdmagic. */
  public static TestPe stub() {
    return new TestPe()
        .section(".text", 0x1000, fill(0x1234, 1))
        .section(".data", 0x3000, fill(0x300, 2))
        .section(".sbat", 0x4000, "sbat,1,SBAT Version\n".getBytes(StandardCharsets.US_ASCII))
        .section(".sdmagic", 0x5000, fill(0x34, 3));
  }

  static byte[] fill(int len, int value) {
    byte[] b = new byte[len];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  public byte[] build() {
    int ptr = sizeOfHeaders;
    List<Integer> ptrs = new ArrayList<>();
    for (Sec s : sections) {
      ptrs.add(ptr);
      int raw = unalignedRaw ? s.data.length : align(s.data.length, fileAlignment);
      ptr += raw;
    }
    int symtab = symbolBytes > 0 ? ptr : 0;
    ByteBuffer b = LittleEndian.allocate(ptr + symbolBytes);
    b.putShort(0, (short) 0x5A4D).putInt(0x3C, E_LFANEW);
    b.putInt(E_LFANEW, 0x00004550);
    b.putShort(E_LFANEW + 4, (short) machine);
    b.putShort(E_LFANEW + 6, (short) sections.size());
    b.putInt(E_LFANEW + 12, symtab);
    if (symbolBytes > 0) {
      int symbols = (symbolBytes - 4) / 18;
      b.putInt(E_LFANEW + 16, symbols);
      b.putInt(symtab + symbols * 18, symbolBytes - symbols * 18);
    }
    b.putShort(E_LFANEW + 20, (short) OPT_SIZE);
    b.putShort(E_LFANEW + 22, (short) 0x206);
    b.putShort(OPT, (short) 0x20B);
    b.putInt(OPT + 8, 0x5000);
    b.putInt(OPT + 32, sectionAlignment);
    b.putInt(OPT + 36, fileAlignment);
    Sec last = sections.get(sections.size() - 1);
    int image = sizeOfImage != 0 ? sizeOfImage : align(last.va + last.vs, sectionAlignment);
    b.putInt(OPT + 56, image);
    b.putInt(OPT + 60, sizeOfHeaders);
    b.putInt(OPT + 64, 0xABCDEF);
    b.putShort(OPT + 68, (short) 10);
    b.putInt(OPT + 108, 16);
    if (signed) {
      b.putInt(OPT + 112 + 4 * 8, 0x9000).putInt(OPT + 112 + 4 * 8 + 4, 0x100);
    }
    for (int i = 0; i < sections.size(); i++) {
      Sec s = sections.get(i);
      int h = SECTION_TABLE + 40 * i;
      b.put(h, s.name.getBytes(StandardCharsets.US_ASCII));
      b.putInt(h + 8, s.vs).putInt(h + 12, s.va);
      b.putInt(h + 16, unalignedRaw ? s.data.length : align(s.data.length, fileAlignment));
      b.putInt(h + 20, ptrs.get(i));
      b.putInt(h + 36, 0x40000040);
      b.put(ptrs.get(i), s.data);
    }
    return b.array();
  }

  /** A kernel: PE with the given SizeOfImage and some code. */
  public static byte[] kernel(int length, int sizeOfImage) {
    TestPe k = new TestPe().section(".text", 0x1000, fill(length - 0x400, 7));
    k.sizeOfImage = sizeOfImage;
    return k.build();
  }

  /**
   * @param m the COFF Machine
   * @return this
   */
  public TestPe machine(int m) {
    machine = m;
    return this;
  }

  static int align(int x, int a) {
    return (x + a - 1) / a * a;
  }
}
