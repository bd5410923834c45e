package dev.mkddi.sign;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.Pkcs11Library.Token;
import dev.mkddi.sign.Pkcs11Uri.Attribute;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one token of a PKCS#11 module that a URI selects (by token label, manufacturer, serial,
 * model, slot and module attributes), and sessions on it: each piece of work opens a session, logs
 * in, runs, logs out and closes it, so nothing stays open between signatures. Immutable and
 * thread-safe.
 */
final class Pkcs11Token {
  /** Work done in a session. */
  interface Work<T> {
    T run(long session) throws ImageBuildException;
  }

  private final Pkcs11Library library;
  private final Token token;

  private Pkcs11Token(Pkcs11Library library, Token token) {
    this.library = library;
    this.token = token;
  }

  /**
   * Loads the module the URI names ({@code module-path}), or else {@code defaultModule}, and finds
   * the token.
   *
   * @param uri the URI
   * @param defaultModule the module to use when the URI names none ({@code MKDDI_PKCS11_MODULE} or
   *     p11-kit's proxy, as the CLI found it)
   * @param where what gave the URI, for messages
   * @return the token
   * @throws InvalidInputException when no module is known, or no token or several match
   * @throws ImageBuildException when the module fails
   */
  static Pkcs11Token open(Pkcs11Uri uri, Optional<Path> defaultModule, String where)
      throws ImageBuildException {
    Optional<Path> module =
        uri.query(Pkcs11Uri.Query.MODULE_PATH).map(Path::of).or(() -> defaultModule);
    if (module.isEmpty()) {
      throw new InvalidInputException(
          where
              + ": "
              + uri
              + ": no PKCS#11 module: give module-path=FILE in the URI or set MKDDI_PKCS11_MODULE"
              + " (p11-kit's proxy, p11-kit-proxy.so, was not found)");
    }
    Pkcs11Library library = Pkcs11Library.open(module.get());
    checkLibrary(library, uri, where);
    List<Token> all = library.tokens();
    List<Token> matching = all.stream().filter(t -> matches(t, uri)).toList();
    if (matching.size() != 1) {
      String found =
          all.isEmpty()
              ? "it has no token"
              : "its tokens: "
                  + all.stream().map(Pkcs11Token::describe).collect(Collectors.joining(", "));
      throw new InvalidInputException(
          where
              + ": "
              + uri
              + ": "
              + (matching.isEmpty() ? "no token matches" : matching.size() + " tokens match")
              + " in PKCS#11 module "
              + library.module()
              + " ("
              + found
              + (matching.isEmpty() ? ")" : "; add token=, serial= or slot-id= to choose one)"));
    }
    return new Pkcs11Token(library, matching.get(0));
  }

  private static void checkLibrary(Pkcs11Library library, Pkcs11Uri uri, String where)
      throws ImageBuildException {
    Optional<String> manufacturer = uri.text(Attribute.LIBRARY_MANUFACTURER);
    Optional<String> description = uri.text(Attribute.LIBRARY_DESCRIPTION);
    Optional<String> version = uri.text(Attribute.LIBRARY_VERSION);
    if (manufacturer.isEmpty() && description.isEmpty() && version.isEmpty()) {
      return;
    }
    Pkcs11Library.Info info = library.info();
    String actual = info.major() + "." + info.minor();
    boolean ok =
        manufacturer.map(info.manufacturer()::equals).orElse(true)
            && description.map(info.description()::equals).orElse(true)
            && version
                .map(v -> v.contains(".") ? v.equals(actual) : v.equals("" + info.major()))
                .orElse(true);
    if (!ok) {
      throw new InvalidInputException(
          where
              + ": "
              + uri
              + ": PKCS#11 module "
              + library.module()
              + " is '"
              + info.description()
              + "' by '"
              + info.manufacturer()
              + "', version "
              + actual);
    }
  }

  private static boolean matches(Token t, Pkcs11Uri uri) {
    return is(uri, Attribute.TOKEN, t.label())
        && is(uri, Attribute.MANUFACTURER, t.manufacturer())
        && is(uri, Attribute.SERIAL, t.serial())
        && is(uri, Attribute.MODEL, t.model())
        && is(uri, Attribute.SLOT_DESCRIPTION, t.slotDescription())
        && is(uri, Attribute.SLOT_MANUFACTURER, t.slotManufacturer())
        && is(uri, Attribute.SLOT_ID, Long.toUnsignedString(t.slotId()));
  }

  private static boolean is(Pkcs11Uri uri, Attribute a, String actual) {
    return uri.text(a).map(v -> v.equals(actual)).orElse(true);
  }

  private static String describe(Token t) {
    if ((t.flags() & Pkcs11Constants.CKF_TOKEN_INITIALIZED) == 0) {
      return "an uninitialized token (slot-id " + Long.toUnsignedString(t.slotId()) + ")";
    }
    return "'"
        + t.label()
        + "' (serial "
        + t.serial()
        + ", slot-id "
        + Long.toUnsignedString(t.slotId())
        + ")";
  }

  /**
   * @return the module
   */
  Pkcs11Library library() {
    return library;
  }

  /**
   * @return the token's label and module, for messages
   */
  String name() {
    return "token '" + token.label() + "' of " + library.module();
  }

  /**
   * Opens a session, logs in, runs {@code work}, logs out and closes the session.
   *
   * @param readWrite whether the work creates objects
   * @param pin the user PIN, or null: then the session logs in only through a protected
   *     authentication path (PIN pad), when the token requires a login
   * @param work what to do
   * @return its result
   * @throws InvalidInputException when the token needs a PIN and none was given
   * @throws ImageBuildException when the token refuses (a wrong PIN, …) or the work fails
   */
  <T> T session(boolean readWrite, char @Nullable [] pin, Work<T> work) throws ImageBuildException {
    boolean required = (token.flags() & Pkcs11Constants.CKF_LOGIN_REQUIRED) != 0;
    boolean pinPad = (token.flags() & Pkcs11Constants.CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
    if (pin == null && required && !pinPad) {
      throw new InvalidInputException(
          name()
              + " needs a PIN: give pin-value= or pin-source= in the URI, or --key-password-file");
    }
    long session;
    try {
      session = library.openSession(token.slotId(), readWrite);
    } catch (Pkcs11Exception e) {
      throw e.in(name());
    }
    boolean loggedIn = false;
    boolean done = false;
    try {
      if (pin != null || required) {
        try {
          library.login(session, pin);
        } catch (Pkcs11Exception e) {
          throw e.in(name());
        }
        loggedIn = true;
      }
      T result = work.run(session);
      done = true;
      return result;
    } finally {
      close(session, loggedIn, done);
    }
  }

  /** Logs out and closes; a failure there matters only when the work itself succeeded. */
  private void close(long session, boolean loggedIn, boolean report) throws ImageBuildException {
    Pkcs11Exception failure = null;
    if (loggedIn) {
      try {
        library.logout(session);
      } catch (Pkcs11Exception e) {
        failure = e;
      }
    }
    try {
      library.closeSession(session);
    } catch (Pkcs11Exception e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null && report) {
      throw failure.in(name());
    }
  }
}
