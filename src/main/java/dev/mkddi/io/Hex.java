package dev.mkddi.io;

import java.util.HexFormat;

/** Lower-case hex encoding and strict decoding with clear errors. Thread-safe. */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /**
   * @param bytes the bytes
   * @return lower-case hex, two digits per byte
   */
  public static String encode(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }

  /**
   * Decodes hex digits (either case).
   *
   * @param what what the value is, for the message (e.g. {@code "--salt"})
   * @param hex the text
   * @return the bytes
   * @throws InvalidInputException when the text has an odd length or a non-hex character
   */
  public static byte[] decode(String what, String hex) throws InvalidInputException {
    if (hex.length() % 2 != 0) {
      throw new InvalidInputException(
          what + ": expected an even number of hex digits, got " + hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        throw new InvalidInputException(
            what + ": '" + hex.charAt(i) + "' at position " + (i + 1) + " is not a hex digit");
      }
    }
    return LOWER.parseHex(hex);
  }
}
