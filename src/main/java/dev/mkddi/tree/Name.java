package dev.mkddi.tree;

import dev.mkddi.io.Excerpt;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One directory entry name as raw bytes: 1 to 255 bytes, no {@code '/'} and no NUL, never {@code
 * "."} or {@code ".."}. Names from archives need not be UTF-8. Names order as unsigned bytes (a
 * prefix first), the order of EROFS directories. Immutable and thread-safe.
 *
 * @param bytes the name (copied; the accessor returns a copy)
 */
public record Name(byte[] bytes) implements Comparable<Name> {
  /** Longest name Linux (NAME_MAX) and EROFS accept, in bytes. */
  public static final int MAX_LENGTH = 255;

  /** Characters of a name or path shown in a message before it is cut. */
  static final int MAX_SHOWN = 256;

  /**
   * @param bytes the name
   * @throws IllegalArgumentException when the name is empty, too long, {@code .}/{@code ..} or
   *     contains {@code '/'} or NUL
   */
  public Name {
    bytes = bytes.clone();
    String problem = problem(bytes);
    if (problem != null) {
      throw new IllegalArgumentException("bad file name '" + display(bytes) + "': " + problem);
    }
  }

  /**
   * @param name a name in UTF-8
   * @return the name
   * @throws IllegalArgumentException when the name is not valid
   */
  public static Name of(String name) {
    return new Name(name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param bytes a candidate name
   * @return why it is not a valid name, or null when it is
   */
  static @Nullable String problem(byte[] bytes) {
    if (bytes.length == 0) {
      return "empty";
    }
    if (bytes.length > MAX_LENGTH) {
      return bytes.length + " bytes, at most " + MAX_LENGTH + " allowed";
    }
    if (bytes[0] == '.' && (bytes.length == 1 || (bytes.length == 2 && bytes[1] == '.'))) {
      return "'.' and '..' are not names";
    }
    for (byte b : bytes) {
      if (b == '/' || b == 0) {
        return "contains " + (b == 0 ? "NUL" : "'/'");
      }
    }
    return null;
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * @return the length in bytes
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Copies the name into {@code buf} at its position, advancing it.
   *
   * @param buf destination
   */
  public void putInto(ByteBuffer buf) {
    buf.put(bytes);
  }

  @Override
  public int compareTo(Name other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Name n && Arrays.equals(bytes, n.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The name for messages: UTF-8 where valid, other bytes as {@code \xNN}. */
  @Override
  public String toString() {
    return display(bytes);
  }

  /**
   * Renders bytes for a message: valid UTF-8 as is, other bytes as {@code \xNN}, control characters
   * escaped (so the message stays one line) and anything past {@link #MAX_SHOWN} characters cut
   * with {@code …} (a pax path can be megabytes long).
   *
   * @param bytes a name or path
   * @return printable text
   */
  public static String display(byte[] bytes) {
    // no more bytes than can show: each character takes at most 4 bytes in UTF-8
    int take = (int) Math.min(bytes.length, 4L * MAX_SHOWN + 4);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, take);
    CharBuffer out = CharBuffer.allocate(take);
    boolean whole = take == bytes.length;
    CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, whole);
    String text;
    if (!result.isError() && (!whole || !in.hasRemaining())) {
      // a character cut by the prefix stays undecoded (endOfInput false); the rest is shown
      text = out.flip().toString();
    } else {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < take && sb.length() <= MAX_SHOWN; i++) {
        byte b = bytes[i];
        if (b >= 0x20 && b < 0x7f) {
          sb.append((char) b);
        } else {
          sb.append(String.format("\\x%02x", b & 0xff));
        }
      }
      text = sb.toString();
    }
    String shown = Excerpt.of(text, MAX_SHOWN);
    return take < bytes.length && !shown.endsWith("…") ? shown + "…" : shown;
  }
}
