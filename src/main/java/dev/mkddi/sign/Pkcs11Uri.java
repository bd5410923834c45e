package dev.mkddi.sign;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A PKCS#11 URI (RFC 7512), e.g. {@code
 * pkcs11:token=release;object=secure-boot;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin}:
 * the path attributes select a token and an object in it, the query attributes say which module to
 * load and where the PIN comes from. Values are percent-decoded; text values must be UTF-8. Every
 * attribute of RFC 7512 is understood except {@code module-name}; an unknown attribute, a repeated
 * one, or both {@code pin-value} and {@code pin-source} are refused rather than ignored.
 *
 * <p>{@link #toString()} never shows a {@code pin-value}. Immutable and thread-safe.
 */
public final class Pkcs11Uri {
  /** The scheme prefix. */
  public static final String SCHEME = "pkcs11:";

  /** A path attribute: what selects the token (and its slot and module) and the object. */
  public enum Attribute {
    /** The token label. */
    TOKEN("token"),
    /** The token's manufacturer ID. */
    MANUFACTURER("manufacturer"),
    /** The token's serial number. */
    SERIAL("serial"),
    /** The token's model. */
    MODEL("model"),
    /** The module's manufacturer ID ({@code C_GetInfo}). */
    LIBRARY_MANUFACTURER("library-manufacturer"),
    /** The module's description. */
    LIBRARY_DESCRIPTION("library-description"),
    /** The module's version, {@code M} or {@code M.N}. */
    LIBRARY_VERSION("library-version"),
    /** The object label ({@code CKA_LABEL}). */
    OBJECT("object"),
    /** The object class: {@code private}, {@code public}, {@code cert}, … */
    TYPE("type"),
    /** The object ID ({@code CKA_ID}), binary, percent-encoded. */
    ID("id"),
    /** The slot description. */
    SLOT_DESCRIPTION("slot-description"),
    /** The slot's manufacturer ID. */
    SLOT_MANUFACTURER("slot-manufacturer"),
    /** The slot ID, decimal. */
    SLOT_ID("slot-id");

    private final String key;

    Attribute(String key) {
      this.key = key;
    }

    /**
     * @return the attribute's name in a URI
     */
    public String key() {
      return key;
    }
  }

  /** A query attribute: how to reach the token. */
  public enum Query {
    /** Where the PIN is read from: {@code file:/path} or a path. */
    PIN_SOURCE("pin-source"),
    /** The PIN itself. */
    PIN_VALUE("pin-value"),
    /** A module by name (refused: mkddi loads modules by path). */
    MODULE_NAME("module-name"),
    /** The module's file. */
    MODULE_PATH("module-path");

    private final String key;

    Query(String key) {
      this.key = key;
    }

    /**
     * @return the attribute's name in a URI
     */
    public String key() {
      return key;
    }
  }

  private final Map<Attribute, byte[]> path;
  private final Map<Query, byte[]> query;

  private Pkcs11Uri(Map<Attribute, byte[]> path, Map<Query, byte[]> query) {
    this.path = path;
    this.query = query;
  }

  /**
   * @param text a command-line value or description attribute
   * @return whether it is meant as a PKCS#11 URI rather than a file name
   */
  public static boolean isUri(String text) {
    return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * @param text the URI
   * @param where what gave it ({@code --signing-key}, …), for messages
   * @return the parsed URI
   * @throws InvalidInputException when it is not a PKCS#11 URI mkddi can use
   */
  public static Pkcs11Uri parse(String text, String where) throws InvalidInputException {
    if (!isUri(text)) {
      throw new InvalidInputException(where + ": expected a URI starting with 'pkcs11:'");
    }
    String rest = text.substring(SCHEME.length());
    int q = rest.indexOf('?');
    String pathPart = q < 0 ? rest : rest.substring(0, q);
    String queryPart = q < 0 ? "" : rest.substring(q + 1);
    Map<Attribute, byte[]> path = new EnumMap<>(Attribute.class);
    for (String a : split(pathPart, ';')) {
      path.put(attribute(Attribute.values(), a, where, path), value(a, where, Attribute.ID.key()));
    }
    Map<Query, byte[]> query = new EnumMap<>(Query.class);
    for (String a : split(queryPart, '&')) {
      query.put(attribute(Query.values(), a, where, query), value(a, where, null));
    }
    Pkcs11Uri uri = new Pkcs11Uri(path, query);
    uri.check(where);
    return uri;
  }

  private static String[] split(String part, char separator) {
    return part.isEmpty() ? new String[0] : part.split(String.valueOf(separator), -1);
  }

  private static <K extends Enum<K>> K attribute(
      K[] keys, String pair, String where, Map<K, byte[]> seen) throws InvalidInputException {
    int eq = pair.indexOf('=');
    String name = eq < 0 ? pair : pair.substring(0, eq);
    if (eq < 0 || name.isEmpty()) {
      throw new InvalidInputException(
          where + ": PKCS#11 URI attribute '" + pair + "' is not of the form name=value");
    }
    for (K k : keys) {
      String key = k instanceof Attribute a ? a.key() : ((Query) k).key();
      if (key.equals(name)) {
        if (seen.containsKey(k)) {
          throw new InvalidInputException(
              where + ": PKCS#11 URI attribute '" + name + "' is given twice");
        }
        return k;
      }
    }
    throw new InvalidInputException(
        where
            + ": unknown PKCS#11 URI attribute '"
            + name
            + "' (RFC 7512 "
            + (keys[0] instanceof Attribute ? "path" : "query")
            + " attributes: "
            + String.join(", ", Arrays.stream(keys).map(Pkcs11Uri::keyOf).toList())
            + ")");
  }

  private static String keyOf(Enum<?> k) {
    return k instanceof Attribute a ? a.key() : ((Query) k).key();
  }

  private static byte[] value(String pair, String where, @Nullable String binaryName)
      throws InvalidInputException {
    String name = pair.substring(0, pair.indexOf('='));
    String v = pair.substring(pair.indexOf('=') + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%') {
        if (i + 2 >= v.length() || hex(v.charAt(i + 1)) < 0 || hex(v.charAt(i + 2)) < 0) {
          throw new InvalidInputException(
              where + ": PKCS#11 URI attribute '" + name + "': bad percent escape at '" + v + "'");
        }
        out.write(hex(v.charAt(i + 1)) << 4 | hex(v.charAt(i + 2)));
        i += 2;
      } else if (c <= ' ' || c >= 0x7F) {
        throw new InvalidInputException(
            where
                + ": PKCS#11 URI attribute '"
                + name
                + "': character "
                + String.format("U+%04X", (int) c)
                + " must be percent-encoded");
      } else {
        out.write(c);
      }
    }
    byte[] bytes = out.toByteArray();
    if (!name.equals(binaryName)) {
      utf8(bytes, name, where);
    }
    return bytes;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static String utf8(byte[] bytes, String name, String where) throws InvalidInputException {
    return Utf8.decode(bytes)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    where + ": PKCS#11 URI attribute '" + name + "' is not UTF-8 text"));
  }

  private void check(String where) throws InvalidInputException {
    if (query.containsKey(Query.PIN_VALUE) && query.containsKey(Query.PIN_SOURCE)) {
      throw new InvalidInputException(
          where + ": PKCS#11 URI gives both pin-value and pin-source; give one");
    }
    if (query.containsKey(Query.MODULE_NAME)) {
      throw new InvalidInputException(
          where
              + ": PKCS#11 URI attribute 'module-name' is not supported: give module-path=FILE, or"
              + " neither to use MKDDI_PKCS11_MODULE or p11-kit's proxy, which loads every module"
              + " p11-kit knows");
    }
    Optional<String> slot = text(Attribute.SLOT_ID);
    if (slot.isPresent() && !slot.get().matches("[0-9]{1,19}")) {
      throw new InvalidInputException(
          where + ": PKCS#11 URI slot-id: expected a decimal number, got '" + slot.get() + "'");
    }
    Optional<String> version = text(Attribute.LIBRARY_VERSION);
    if (version.isPresent() && !version.get().matches("[0-9]{1,3}(\\.[0-9]{1,3})?")) {
      throw new InvalidInputException(
          where + ": PKCS#11 URI library-version: expected M or M.N, got '" + version.get() + "'");
    }
  }

  /**
   * @param a a path attribute
   * @return its value as text (percent-decoded UTF-8), if given
   */
  public Optional<String> text(Attribute a) {
    byte[] b = path.get(a);
    return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
  }

  /**
   * @return the object ID ({@code id=}), percent-decoded bytes, if given
   */
  public Optional<byte[]> id() {
    return Optional.ofNullable(path.get(Attribute.ID)).map(byte[]::clone);
  }

  /**
   * @param a a query attribute
   * @return its value as text, if given
   */
  public Optional<String> query(Query a) {
    byte[] b = query.get(a);
    return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
  }

  /**
   * @return {@code pin-value} as characters (the caller clears them after use), if given
   */
  public Optional<char[]> pinValue() {
    return query(Query.PIN_VALUE).map(String::toCharArray);
  }

  /**
   * @param a a path attribute
   * @param value its new value (raw bytes; text as UTF-8)
   * @return this URI with the attribute set to {@code value}
   */
  public Pkcs11Uri with(Attribute a, byte[] value) {
    Map<Attribute, byte[]> p = new EnumMap<>(path);
    p.put(a, value.clone());
    return new Pkcs11Uri(p, query);
  }

  /**
   * @return this URI without {@code pin-value}: what to print for later use
   */
  public Pkcs11Uri withoutPinValue() {
    Map<Query, byte[]> q = new EnumMap<>(query);
    q.remove(Query.PIN_VALUE);
    return new Pkcs11Uri(path, q);
  }

  /**
   * @return the URI with {@code pin-value} replaced by {@code ***}: safe for messages
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(SCHEME);
    String sep = "";
    for (Map.Entry<Attribute, byte[]> e : path.entrySet()) {
      byte[] v = e.getValue();
      s.append(sep).append(e.getKey().key()).append('=');
      s.append(e.getKey() == Attribute.ID ? encodeAll(v) : encode(v));
      sep = ";";
    }
    sep = "?";
    for (Map.Entry<Query, byte[]> e : query.entrySet()) {
      s.append(sep).append(e.getKey().key()).append('=');
      s.append(e.getKey() == Query.PIN_VALUE ? "***" : encode(e.getValue()));
      sep = "&";
    }
    return s.toString();
  }

  /** Percent-encodes every byte: how RFC 7512 writes binary IDs. */
  static String encodeAll(byte[] value) {
    StringBuilder s = new StringBuilder();
    for (byte b : value) {
      s.append(String.format("%%%02x", b & 0xFF));
    }
    return s.toString();
  }

  /** Percent-encodes all but RFC 3986's unreserved characters and the slash. */
  static String encode(byte[] value) {
    StringBuilder s = new StringBuilder();
    for (byte b : value) {
      int c = b & 0xFF;
      if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~/".indexOf(c) >= 0) {
        s.append((char) c);
      } else {
        s.append(String.format("%%%02X", c));
      }
    }
    return s.toString();
  }
}
