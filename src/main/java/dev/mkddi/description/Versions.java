package dev.mkddi.description;

import java.util.Comparator;

/**
 * Version strings as systemd reads them: the order of {@code strverscmp_improved()} (what
 * systemd-sysupdate, systemd-boot and the A/B slot choice of {@code verify} sort versions by), and
 * the characters systemd-sysupdate accepts in a version. Stateless and thread-safe.
 *
 * <p>The order splits a string into numeric and alphabetic segments; other characters separate
 * segments and are dropped. A segment may be prefixed by {@code ~} (a pre-release: older than
 * anything), {@code -} (version-release separator: older than {@code ^}, {@code .} and no prefix),
 * {@code ^} (a patched release: newer than {@code -}) or {@code .} (a point release: newer than
 * {@code ^}); a segment without prefix is the newest. Numbers compare by value (leading zeros
 * ignored), letters as ASCII, a longer alphabetic segment is newer, a numeric segment is newer than
 * an alphabetic one, and a string with more segments is newer. So {@code 122.1 < 123~rc1-1 < 123 <
 * 123-a < 123-1 < 123^post1 < 123.a-1 < 123.1-1 < 123a-1 < 124-1}.
 */
public final class Versions {
  /** Oldest first. */
  public static final Comparator<String> ORDER = Versions::compare;

  private Versions() {}

  /**
   * @param a a version
   * @param b another
   * @return negative when {@code a} is older, 0 when equivalent, positive when newer
   */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.length() && !versionChar(a.charAt(i))) {
        i++;
      }
      while (j < b.length() && !versionChar(b.charAt(j))) {
        j++;
      }
      int r = prefix(a, i, b, j, '~');
      if (r != 0) {
        return -r; // the one with '~' is older
      }
      if (at(a, i) == '~') {
        i++;
        j++;
      }
      if (i >= a.length() || j >= b.length()) {
        return Integer.compare(a.length() - i > 0 ? 1 : 0, b.length() - j > 0 ? 1 : 0);
      }
      for (char sep : new char[] {'-', '^', '.'}) {
        r = prefix(a, i, b, j, sep);
        if (r != 0) {
          return -r; // a prefixed segment is older than one without that prefix
        }
        if (at(a, i) == sep) {
          i++;
          j++;
        }
      }
      int ae = i;
      int be = j;
      if (digit(at(a, i)) || digit(at(b, j))) {
        while (digit(at(a, ae))) {
          ae++;
        }
        while (digit(at(b, be))) {
          be++;
        }
        r = Boolean.compare(ae > i, be > j);
        if (r != 0) {
          return r;
        }
        while (at(a, i) == '0') {
          i++;
        }
        while (at(b, j) == '0') {
          j++;
        }
        r = Integer.compare(ae - i, be - j);
        if (r == 0) {
          r = Integer.signum(a.substring(i, ae).compareTo(b.substring(j, be)));
        }
      } else {
        while (alpha(at(a, ae))) {
          ae++;
        }
        while (alpha(at(b, be))) {
          be++;
        }
        int n = Math.min(ae - i, be - j);
        r = Integer.signum(a.substring(i, i + n).compareTo(b.substring(j, j + n)));
        if (r == 0) {
          r = Integer.compare(ae - i, be - j);
        }
      }
      if (r != 0) {
        return r;
      }
      i = ae;
      j = be;
    }
  }

  /**
   * Whether systemd-sysupdate accepts a version: not empty, letters, digits and {@code . , _ - +}
   * only, at most 255 bytes, not {@code .} or {@code ..}.
   *
   * @param version a version
   * @return whether it is valid
   */
  public static boolean validForSysupdate(String version) {
    return !version.isEmpty()
        && version.length() <= 255
        && !version.equals(".")
        && !version.equals("..")
        && version.chars().allMatch(c -> alnum((char) c) || ".,_-+".indexOf(c) >= 0);
  }

  /**
   * Compares the presence of a prefix character: 1 when only {@code a} has it, -1 when only {@code
   * b} has it, 0 when both or neither.
   */
  private static int prefix(String a, int i, String b, int j, char p) {
    return Boolean.compare(at(a, i) == p, at(b, j) == p);
  }

  private static char at(String s, int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private static boolean versionChar(char c) {
    return alnum(c) || c == '~' || c == '-' || c == '^' || c == '.';
  }

  private static boolean alnum(char c) {
    return digit(c) || alpha(c);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean alpha(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
