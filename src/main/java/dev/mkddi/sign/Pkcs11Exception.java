package dev.mkddi.sign;

import dev.mkddi.io.ExitCode;
import dev.mkddi.io.ImageBuildException;
import org.jspecify.annotations.Nullable;

/**
 * A PKCS#11 function returned an error ({@code CKR_…}). A wrong, locked or expired PIN is the
 * user's input (exit code 2); anything else is the token's or the module's failure (exit code 3).
 */
public final class Pkcs11Exception extends ImageBuildException {
  private static final long serialVersionUID = 1L;

  private final long code;

  /**
   * @param function the PKCS#11 function, e.g. {@code C_Login}
   * @param code the {@code CKR_} value, or -1 when the module could not be called at all
   * @param name the {@code CKR_} name as the JDK reports it
   * @param cause the JDK's exception
   */
  Pkcs11Exception(String function, long code, String name, Throwable cause) {
    this(function + " failed: " + name + hint(code), code, cause);
  }

  private Pkcs11Exception(String message, long code, @Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  private static String hint(long code) {
    if (code == Pkcs11Constants.CKR_PIN_INCORRECT) {
      return " (wrong PIN)";
    }
    if (code == Pkcs11Constants.CKR_PIN_LOCKED) {
      return " (the PIN is locked after too many wrong tries)";
    }
    return "";
  }

  /**
   * @param where what was being done, e.g. the token and key
   * @return the same failure with {@code where} in front of the message
   */
  Pkcs11Exception in(String where) {
    return new Pkcs11Exception(where + ": " + getMessage(), code, getCause());
  }

  /**
   * @return the {@code CKR_} value, or -1
   */
  public long code() {
    return code;
  }

  @Override
  public int exitCode() {
    return code == Pkcs11Constants.CKR_PIN_INCORRECT
            || code == Pkcs11Constants.CKR_PIN_INVALID
            || code == Pkcs11Constants.CKR_PIN_LEN_RANGE
            || code == Pkcs11Constants.CKR_PIN_EXPIRED
            || code == Pkcs11Constants.CKR_PIN_LOCKED
        ? ExitCode.INVALID_INPUT
        : ExitCode.IO_ERROR;
  }
}
