package dev.mkddi.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses sizes given on the command line: a whole number of bytes, or with a binary suffix {@code
 * K}, {@code M}, {@code G}, {@code T} (also written {@code KiB}, {@code MiB}, …), as {@code
 * truncate} and {@code mkfs} take them. Stateless and thread-safe.
 */
final class ByteSizeText implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})(?:([KMGT])(?:I?B)?)?");

  @Override
  public Long convert(String text) {
    Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a size (expected bytes, or a number with K, M, G or T)");
    }
    int shift = m.group(2) == null ? 0 : 10 * (1 + "KMGT".indexOf(m.group(2)));
    try {
      long n = Long.parseLong(m.group(1));
      if (n > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is too large");
    }
  }
}
