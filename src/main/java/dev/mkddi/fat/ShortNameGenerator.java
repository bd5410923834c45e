package dev.mkddi.fat;

import dev.mkddi.io.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Generates the 8.3 short names of one directory as Linux's vfat driver does with its default
 * {@code shortname=mixed}: names that are already valid 8.3 forms keep them (upper-cased; a long
 * name entry is added when the name has lower case), others get a base of up to 6 characters and a
 * numeric tail {@code ~1}…{@code ~9}, then 2 characters, 4 hex digits and {@code ~N}. Spaces and
 * dots are dropped, {@code []; ,+=} become {@code _}, the extension comes from the last dot.
 *
 * <p>Two deliberate differences keep the result reproducible and independent of the host: where
 * Linux takes the 4 hex digits from the clock (jiffies), they come from a CRC-32 of the long name;
 * a non-ASCII character becomes {@code _} instead of its code-page 437 equivalent. Callers assign
 * the names that are valid 8.3 forms first ({@link #reserveExact}), so a generated {@code ~N} tail
 * never takes a name another entry spells out. Not thread-safe: one instance per directory.
 */
final class ShortNameGenerator {
  private static final int BASE_LEN = 8;
  private static final int EXT_LEN = 3;
  private static final int NUMTAIL_BASE = 6;
  private static final int HASHTAIL_BASE = 2;
  private static final int MAX_NUMTAIL = 9;
  private static final int HASH_STEP = 11;

  private final Set<String> used = new HashSet<>();

  /**
   * A generated short name.
   *
   * @param name the 11 name bytes (base padded to 8, extension padded to 3)
   * @param needsLongName whether a VFAT long name must accompany it
   */
  record ShortName(byte[] name, boolean needsLongName) {}

  /** The analysis of a long name: its 8.3 form and whether that form is exact. */
  private record Form(char[] name, int baseLen, boolean exact, boolean upper) {}

  /**
   * Assigns the short name of a long name that already is a valid 8.3 form.
   *
   * @param longName the entry's name
   * @return the short name, or null when the name is not a valid 8.3 form
   * @throws InvalidInputException when another entry already has that short name
   */
  @Nullable ShortName reserveExact(String longName) throws InvalidInputException {
    Form f = analyze(longName);
    if (!f.exact) {
      return null;
    }
    String s = new String(f.name);
    if (!used.add(s)) {
      throw new InvalidInputException(
          "FAT: '" + longName + "' clashes with another name in its directory (FAT ignores case)");
    }
    return new ShortName(bytes(f.name), !f.upper);
  }

  /**
   * Generates a unique short name with a numeric tail for a name that is not a valid 8.3 form.
   *
   * @param longName the entry's name
   * @return the short name (always with a long name)
   */
  ShortName generate(String longName) {
    Form f = analyze(longName);
    char[] n = f.name.clone();
    int baseLen = f.baseLen;
    if (baseLen > NUMTAIL_BASE) {
      baseLen = NUMTAIL_BASE;
      n[BASE_LEN - 1] = ' ';
    }
    n[baseLen] = '~';
    for (int i = 1; i <= MAX_NUMTAIL; i++) {
      n[baseLen + 1] = (char) ('0' + i);
      if (used.add(new String(n))) {
        return new ShortName(bytes(n), true);
      }
    }
    CRC32 crc = new CRC32();
    crc.update(longName.getBytes(StandardCharsets.UTF_16LE));
    int hash = (int) crc.getValue();
    if (baseLen > HASHTAIL_BASE) {
      baseLen = HASHTAIL_BASE;
      n[BASE_LEN - 1] = ' ';
    }
    n[baseLen + 4] = '~';
    n[baseLen + 5] = (char) ('1' + ((hash >>> 16) & 7));
    while (true) {
      String hex = String.format("%04X", hash & 0xFFFF);
      hex.getChars(0, 4, n, baseLen);
      if (used.add(new String(n))) {
        return new ShortName(bytes(n), true);
      }
      hash -= HASH_STEP;
    }
  }

  /**
   * For tests: the name {@link #generate} gives when {@code ~1} to {@code ~9} are all taken.
   *
   * @param longName the entry's name
   * @return the hash-tailed short name
   */
  ShortName generateAfterNine(String longName) {
    Form f = analyze(longName);
    char[] n = f.name.clone();
    int baseLen = Math.min(f.baseLen, NUMTAIL_BASE);
    n[baseLen] = '~';
    for (int i = 1; i <= MAX_NUMTAIL; i++) {
      n[baseLen + 1] = (char) ('0' + i);
      used.add(new String(n));
    }
    return generate(longName);
  }

  private static byte[] bytes(char[] n) {
    return new String(n).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Case and validity flags of one part (base or extension), as vfat's shortname_info. */
  private static final class Info {
    boolean valid = true;
    boolean lower = true;
    boolean upper = true;
  }

  private static Form analyze(String u) {
    int len = u.length();
    int dot = u.lastIndexOf('.');
    int baseEnd = len;
    int extStart = -1;
    if (dot >= 0 && dot != len - 1) {
      int start = 0;
      while (start < dot && skip(u.charAt(start))) {
        start++;
      }
      if (start != dot) {
        baseEnd = dot;
        extStart = dot + 1;
      }
    }
    boolean exact = true;
    char[] name = "           ".toCharArray();
    Info base = new Info();
    int baseLen = 0;
    for (int i = 0; i < baseEnd; i++) {
      int c = toShort(u.charAt(i), base);
      if (c < 0) {
        continue;
      }
      name[baseLen++] = (char) c;
      if (baseLen >= BASE_LEN) {
        if (i + 1 < baseEnd) {
          exact = false;
        }
        break;
      }
    }
    Info ext = new Info();
    if (extStart >= 0) {
      int extLen = 0;
      for (int i = extStart; extLen < EXT_LEN && i < len; i++) {
        int c = toShort(u.charAt(i), ext);
        if (c < 0) {
          continue;
        }
        name[BASE_LEN + extLen++] = (char) c;
        if (extLen >= EXT_LEN) {
          if (i + 1 != len) {
            exact = false;
          }
          break;
        }
      }
    }
    exact = exact && base.valid && ext.valid && baseLen > 0;
    return new Form(name, Math.max(baseLen, 1), exact, base.upper && ext.upper);
  }

  private static boolean skip(char c) {
    return c == '.' || c == ' ';
  }

  /** Returns the short-name character for {@code c}, or -1 to drop it, updating {@code info}. */
  private static int toShort(char c, Info info) {
    if (skip(c)) {
      info.valid = false;
      return -1;
    }
    if ("[];,+=".indexOf(c) >= 0 || c > 0x7F) {
      info.valid = false;
      return '_';
    }
    if (c == 0x7F) {
      info.lower = false;
      info.upper = false;
    }
    if (c >= 'a' && c <= 'z') {
      info.upper = false;
      return c - 'a' + 'A';
    }
    if (c >= 'A' && c <= 'Z') {
      info.lower = false;
    }
    return c;
  }
}
