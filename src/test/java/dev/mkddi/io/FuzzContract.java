package dev.mkddi.io;

import java.io.EOFException;
import java.io.IOException;

/**
 * The contract every fuzz target checks: a reader given any bytes either succeeds or fails with one
 * of mkddi's own input errors ({@link InvalidInputException} and its {@link FormatException}, a
 * {@link CheckFailedException}, or an {@link EOFException} for truncated input) whose message is
 * one non-blank line of bounded length. Any other exception or error escapes to the fuzzer as a
 * finding, as does a hang (the targets' timeout) or running out of memory. Stateless.
 */
public final class FuzzContract {
  /**
   * Longest message accepted: messages quote input values cut to a few dozen characters, so even
   * one naming several fields stays far below this.
   */
  public static final int MAX_MESSAGE_LENGTH = 1000;

  private FuzzContract() {}

  /** One call into a reader. */
  @FunctionalInterface
  public interface ReaderCall {
    /**
     * @throws IOException whatever the reader throws
     */
    void run() throws IOException;
  }

  /**
   * Runs {@code call}, accepting success and mkddi's input errors.
   *
   * @param call the reader call
   * @throws IOException an I/O failure that is not an input error (a finding)
   * @throws AssertionError when an input error's message is blank, longer than {@link
   *     #MAX_MESSAGE_LENGTH} or has more than one line
   */
  public static void check(ReaderCall call) throws IOException {
    try {
      call.run();
    } catch (InvalidInputException | CheckFailedException | EOFException e) {
      requireOneLine(e);
    }
  }

  /**
   * @param e an input error
   * @throws AssertionError unless its message is one non-blank line of bounded length
   */
  public static void requireOneLine(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r")) {
      throw new AssertionError("not one line: " + e, e);
    }
    if (m.length() > MAX_MESSAGE_LENGTH) {
      throw new AssertionError(
          "message of " + m.length() + " characters: " + m.substring(0, 200) + "…", e);
    }
  }
}
