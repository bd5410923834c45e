package dev.mkddi.description;

import dev.mkddi.io.InvalidInputException;
import java.util.Locale;
import java.util.Map;

/**
 * Architecture names as {@code uname -m} spells them (kiwi's output names use this spelling), with
 * the aliases Java and Debian use, and the Discoverable Partitions spelling. A small table kept
 * here until one shared mapping exists. Constants only; thread-safe.
 */
public final class ArchNames {
  private static final Map<String, String> CANONICAL =
      Map.ofEntries(
          Map.entry("x86_64", "x86_64"),
          Map.entry("amd64", "x86_64"),
          Map.entry("x86-64", "x86_64"),
          Map.entry("aarch64", "aarch64"),
          Map.entry("arm64", "aarch64"),
          Map.entry("i686", "i686"),
          Map.entry("i586", "i686"),
          Map.entry("i386", "i686"),
          Map.entry("ix86", "i686"),
          Map.entry("x86", "i686"),
          Map.entry("armv7l", "armv7l"),
          Map.entry("armv7hl", "armv7l"),
          Map.entry("arm", "armv7l"),
          Map.entry("riscv64", "riscv64"),
          Map.entry("ppc64le", "ppc64le"),
          Map.entry("ppc64", "ppc64"),
          Map.entry("s390x", "s390x"),
          Map.entry("loongarch64", "loongarch64"));

  private static final Map<String, String> DPS =
      Map.of(
          "x86_64", "x86-64",
          "aarch64", "arm64",
          "i686", "x86",
          "armv7l", "arm",
          "riscv64", "riscv64",
          "ppc64le", "ppc64-le",
          "ppc64", "ppc64",
          "s390x", "s390x",
          "loongarch64", "loongarch64");

  private ArchNames() {}

  /**
   * @param arch an architecture name: {@code uname -m}, Java's {@code os.arch} or Debian's spelling
   *     ({@code amd64}, {@code arm64})
   * @return the {@code uname -m} spelling, e.g. {@code x86_64}
   * @throws InvalidInputException when the name is not known
   */
  public static String canonical(String arch) throws InvalidInputException {
    String c = CANONICAL.get(arch.toLowerCase(Locale.ROOT));
    if (c == null) {
      throw new InvalidInputException(
          "unknown architecture \""
              + arch
              + "\"; known: x86_64, aarch64, i686, armv7l, riscv64,"
              + " ppc64le, ppc64, s390x, loongarch64");
    }
    return c;
  }

  /**
   * @param arch an architecture name in any spelling {@link #canonical} accepts
   * @return whether it names the same architecture as {@code canonical}, false when unknown
   */
  static boolean same(String arch, String canonical) {
    String c = CANONICAL.get(arch.toLowerCase(Locale.ROOT));
    return canonical.equals(c);
  }

  /**
   * @param canonical a {@code uname -m} name from {@link #canonical}
   * @return the Discoverable Partitions spelling, e.g. {@code x86-64}, {@code arm64}
   */
  public static String dpsName(String canonical) {
    String d = DPS.get(canonical);
    if (d == null) {
      throw new IllegalArgumentException("not a canonical architecture: " + canonical);
    }
    return d;
  }
}
