package dev.mkddi.gpt;

import dev.mkddi.io.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU architectures of the Discoverable Partitions Specification, with systemd's canonical
 * names ({@code x86-64}, {@code arm64}; these go into labels, type names and JSON) and the {@code
 * uname -m} spelling kiwi uses in image file names ({@code x86_64}, {@code aarch64}). Immutable and
 * thread-safe.
 */
public enum Architecture {
  ALPHA("alpha", "alpha"),
  ARC("arc", "arc"),
  ARM("arm", "armv7l", "armv7hl", "armv6l", "armv6hl", "armv5el", "armv5tel", "armhf", "armel"),
  ARM64("arm64", "aarch64"),
  IA64("ia64", "ia64"),
  LOONGARCH64("loongarch64", "loongarch64", "loong64"),
  MIPS("mips", "mips"),
  MIPS64("mips64", "mips64"),
  MIPS_LE("mips-le", "mipsel"),
  MIPS64_LE("mips64-le", "mips64el"),
  PARISC("parisc", "parisc", "parisc64", "hppa"),
  PPC("ppc", "ppc", "powerpc"),
  PPC64("ppc64", "ppc64"),
  PPC64_LE("ppc64-le", "ppc64le", "ppc64el"),
  RISCV32("riscv32", "riscv32"),
  RISCV64("riscv64", "riscv64"),
  S390("s390", "s390"),
  S390X("s390x", "s390x"),
  TILEGX("tilegx", "tilegx"),
  X86("x86", "i686", "ix86", "i386", "i486", "i586"),
  X86_64("x86-64", "x86_64", "amd64");

  private static final Map<String, Architecture> BY_NAME = index();

  private final String canonicalName;
  private final String unameName;
  private final List<String> aliases;

  Architecture(String canonicalName, String unameName, String... moreAliases) {
    this.canonicalName = canonicalName;
    this.unameName = unameName;
    List<String> all = new ArrayList<>();
    all.add(unameName);
    all.addAll(List.of(moreAliases));
    this.aliases = List.copyOf(all);
  }

  private static Map<String, Architecture> index() {
    Map<String, Architecture> m = new HashMap<>();
    for (Architecture a : values()) {
      m.put(a.canonicalName, a);
      for (String alias : a.aliases) {
        m.put(alias, a);
      }
    }
    return Map.copyOf(m);
  }

  /**
   * @return systemd's name, e.g. {@code x86-64}, {@code arm64}, {@code ppc64-le}
   */
  public String canonicalName() {
    return canonicalName;
  }

  /**
   * @return the {@code uname -m} spelling used in image file names, e.g. {@code x86_64}, {@code
   *     aarch64}, {@code i686}
   */
  public String unameName() {
    return unameName;
  }

  /**
   * @return the other accepted spellings, the {@code uname -m} name first
   */
  public List<String> aliases() {
    return aliases;
  }

  /**
   * Looks an architecture up by its canonical name or an alias, ignoring case ({@code x86_64},
   * {@code amd64} and {@code x86-64} all give {@link #X86_64}).
   *
   * @param name the name
   * @return the architecture, or empty when the name is unknown
   */
  public static Optional<Architecture> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  /**
   * Like {@link #find(String)}, for user input.
   *
   * @param name the name
   * @return the architecture
   * @throws InvalidInputException when the name is unknown; the message lists the valid names
   */
  public static Architecture parse(String name) throws InvalidInputException {
    Optional<Architecture> a = find(name);
    if (a.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Architecture x : values()) {
        names.add(x.canonicalName);
      }
      throw new InvalidInputException(
          "unknown architecture '"
              + name
              + "': expected one of "
              + String.join(", ", names)
              + " (or an alias such as x86_64, amd64, aarch64)");
    }
    return a.get();
  }

  @Override
  public String toString() {
    return canonicalName;
  }
}
