package dev.mkddi.description;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A shell-style path pattern ({@code /boot/vmlinuz-*}, {@code kernels/Image-6.?}): {@code *} any
 * run of characters, {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [!a]} a set,
 * none of them crossing a {@code /}, and names starting with a dot matched only by a dot, as the
 * shell's globbing does. Expanded against any directory listing (the root tree's, the host's), one
 * path component at a time. Immutable, thread-safe.
 *
 * @param pattern the pattern as written
 */
public record PathGlob(String pattern) {
  /** Characters that make a path a pattern. */
  private static final Pattern META = Pattern.compile("[*?\\[]");

  /** Lists a directory: the names of its entries, or an empty list when it is none. */
  @FunctionalInterface
  public interface Lister {
    /**
     * @param directory a directory path, {@code /} separated, as far as the pattern has expanded
     * @return the names of its entries
     * @throws IOException when the directory cannot be read
     */
    List<String> list(String directory) throws IOException;
  }

  /**
   * @param path a path as written in a description
   * @return whether it holds {@code *}, {@code ?} or {@code [} and so is a pattern
   */
  public static boolean isPattern(String path) {
    return META.matcher(path).find();
  }

  /**
   * Expands the pattern: each component with a wildcard is matched against the entries of the
   * directory the components before it name; the others are kept as they are. The result is sorted
   * and may name things that do not exist (for a pattern whose last component has no wildcard).
   *
   * @param lister lists a directory
   * @return the matching paths, in the pattern's form (absolute if it is), sorted
   * @throws IOException when the lister fails
   */
  public List<String> expand(Lister lister) throws IOException {
    boolean absolute = pattern.startsWith("/");
    List<String> current = List.of(absolute ? "/" : "");
    for (String part : pattern.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      List<String> next = new ArrayList<>();
      for (String dir : current) {
        if (!isPattern(part)) {
          next.add(join(dir, part));
          continue;
        }
        Pattern p = regex(part);
        for (String name : lister.list(dir.isEmpty() ? "." : dir)) {
          if (p.matcher(name).matches() && (!name.startsWith(".") || part.startsWith("."))) {
            next.add(join(dir, name));
          }
        }
      }
      current = next;
    }
    List<String> out = new ArrayList<>(current);
    out.sort(null);
    return out;
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** The regular expression of one component. */
  static Pattern regex(String component) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < component.length()) {
      char c = component.charAt(i);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[' && component.indexOf(']', i + 2) > 0) {
        int end = component.indexOf(']', i + 2);
        String set = component.substring(i + 1, end);
        boolean negate = set.startsWith("!") || set.startsWith("^");
        re.append(negate ? "[^" : "[");
        for (char s : (negate ? set.substring(1) : set).toCharArray()) {
          re.append(s == '-' ? "-" : escape(s));
        }
        re.append(']');
        i = end;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static String escape(char c) {
    return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
  }
}
