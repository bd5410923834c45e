package dev.mkddi.uki;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One parameter of a kernel command line, split as the kernel's {@code next_arg} (kernel/params.c)
 * splits it: at white space outside double quotes; a leading double quote opens quoting and is
 * dropped together with the parameter's last character when that is a double quote; a value that
 * starts with a double quote loses it and the parameter's last double quote. The one tokenizer of
 * mkddi: {@code describe} checks the description's {@code kernelcmdline} with it, and {@code build}
 * composes the image's command line with it. Immutable and thread-safe.
 *
 * @param text the parameter as written, quotes kept (what goes back on the command line)
 * @param name the name the kernel sees: up to the first {@code =} after the first character
 * @param value the value the kernel sees, or null for a parameter without {@code =}
 */
public record KernelParameter(String text, String name, @Nullable String value) {
  private static final char QUOTE = '"';
  private static final char SINGLE_QUOTE = '\'';
  private static final char EQUALS = '=';

  /** Checks for nulls. */
  public KernelParameter {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Splits a command line. An unbalanced double quote makes the rest of the line one parameter, as
   * in the kernel (see {@link #quotesBalanced}).
   *
   * @param cmdline the command line
   * @return its parameters in order
   */
  public static List<KernelParameter> split(String cmdline) {
    List<KernelParameter> out = new ArrayList<>();
    int i = skipSpaces(cmdline, 0);
    while (i < cmdline.length()) {
      int start = i;
      boolean inQuote = false;
      for (; i < cmdline.length(); i++) {
        char c = cmdline.charAt(i);
        if (isSpace(c) && !inQuote) {
          break;
        }
        if (c == QUOTE) {
          inQuote = !inQuote;
        }
      }
      out.add(parse(cmdline.substring(start, i)));
      i = skipSpaces(cmdline, i);
    }
    return out;
  }

  /**
   * @param cmdline a command line
   * @return whether its double quotes pair up (the kernel accepts an unbalanced one and makes the
   *     rest of the line one parameter; mkddi refuses it)
   */
  public static boolean quotesBalanced(String cmdline) {
    return cmdline.chars().filter(c -> c == QUOTE).count() % 2 == 0;
  }

  /**
   * Whether this parameter sets {@code root=} or {@code roothash=}, as the kernel or systemd reads
   * it: a command line that carries mkddi's {@code roothash=} must not carry either, as {@code
   * root=} would mount another device than the verity one and a second {@code roothash=} would
   * replace the hash. systemd's {@code proc_cmdline} removes single and double quotes anywhere in a
   * word, so both readings count; both treat {@code -} and {@code _} in a name alike.
   *
   * @return whether the parameter overrides the verity root
   */
  public boolean overridesVerityRoot() {
    return is("root") || is("roothash");
  }

  /**
   * @param key a parameter name
   * @return whether the kernel or systemd reads this parameter as {@code key=value}
   */
  public boolean is(String key) {
    if (value != null && sameName(name, key)) {
      return true;
    }
    String unquoted =
        text.replace(String.valueOf(QUOTE), "").replace(String.valueOf(SINGLE_QUOTE), "");
    int eq = unquoted.indexOf(EQUALS);
    return eq >= 0 && sameName(unquoted.substring(0, eq), key);
  }

  private static boolean sameName(String a, String b) {
    return a.replace('-', '_').equals(b.replace('-', '_'));
  }

  /** {@code next_arg} on one parameter's text. */
  private static KernelParameter parse(String text) {
    boolean quoted = text.charAt(0) == QUOTE;
    String body = quoted ? text.substring(1) : text;
    boolean lastIsQuote = !body.isEmpty() && body.charAt(body.length() - 1) == QUOTE;
    int equals = body.indexOf(EQUALS, 1); // an '=' as the first character does not count
    if (equals < 0) {
      String name = quoted && lastIsQuote ? body.substring(0, body.length() - 1) : body;
      return new KernelParameter(text, name, null);
    }
    int valueStart = equals + 1;
    int valueEnd = body.length();
    boolean valueQuoted = valueStart < body.length() && body.charAt(valueStart) == QUOTE;
    if (valueQuoted) {
      valueStart++;
    }
    if ((valueQuoted || quoted) && lastIsQuote) {
      valueEnd = Math.max(valueStart, body.length() - 1);
    }
    return new KernelParameter(
        text, body.substring(0, equals), body.substring(valueStart, valueEnd));
  }

  private static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The kernel's {@code isspace} on ASCII: space, tab, line feed, vertical tab, form feed, CR. */
  private static boolean isSpace(char c) {
    return c == ' ' || c >= '\t' && c <= '\r';
  }
}
