package dev.mkddi.sign;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.mkddi.io.Excerpt;
import dev.mkddi.io.FormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Parses signature partition content by systemd-dissect's rules (see {@link
 * SignaturePartition#decode(byte[], String)}), reporting the byte offset of every problem.
 * Stateless and thread-safe.
 */
final class SignatureJsonReader {
  private static final String FIELD_JSON = "signature partition JSON";
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private SignatureJsonReader() {}

  /**
   * @param size a partition size
   * @param base the partition's offset in its file, for messages
   * @param name the file name, for messages
   * @throws FormatException when it is larger than systemd-dissect accepts
   */
  static void checkSize(long size, long base, String name) throws FormatException {
    if (size > SignConstants.SIGNATURE_PARTITION_MAX_READ) {
      throw new FormatException(
          name,
          base,
          "signature partition size",
          "expected at most " + SignConstants.SIGNATURE_PARTITION_MAX_READ + " bytes, got " + size);
    }
  }

  /**
   * @param bytes the array holding the partition
   * @param from first byte of the partition in {@code bytes}
   * @param length partition length
   * @param base offset of {@code bytes[from]} in the file, added to offsets in messages
   * @param name the file name, for messages
   * @return the decoded content
   * @throws FormatException when it is malformed
   */
  static SignaturePartition read(byte[] bytes, int from, int length, long base, String name)
      throws FormatException {
    checkSize(length, base, name);
    int end = from;
    int limit = from + length;
    while (end < limit && bytes[end] != 0) {
      end++;
    }
    for (int i = end; i < limit; i++) {
      if (bytes[i] != 0) {
        throw new FormatException(
            name,
            base + i - from,
            "signature partition padding",
            String.format(
                "expected NUL after the JSON that ends at offset %d, got 0x%02x",
                base + end - from, bytes[i] & 0xff));
      }
    }
    if (end == from) {
      throw new FormatException(
          name, base, FIELD_JSON, "expected a JSON object, got only NUL bytes");
    }
    try (JsonParser p = JSON.createParser(bytes, from, end - from)) {
      return parseObject(p, base, name);
    } catch (FormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getByteOffset());
      throw new FormatException(name, base + at, FIELD_JSON, oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new FormatException(name, base, FIELD_JSON, oneLine(String.valueOf(e.getMessage())));
    }
  }

  private static SignaturePartition parseObject(JsonParser p, long base, String name)
      throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new FormatException(
          name, base + offset(p), FIELD_JSON, "expected a JSON object, got " + p.currentToken());
    }
    String rootHash = null;
    String fingerprint = null;
    byte[] signature = null;
    List<SignaturePartition.UnknownKey> unknown = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      long keyAt = base + offset(p);
      p.nextToken();
      long at = base + offset(p);
      switch (key) {
        case SignConstants.KEY_ROOT_HASH -> rootHash = hex(p, at, name, key);
        case SignConstants.KEY_CERTIFICATE_FINGERPRINT ->
            fingerprint = p.currentToken() == JsonToken.VALUE_NULL ? null : hex(p, at, name, key);
        case SignConstants.KEY_SIGNATURE -> signature = base64(p, at, name, key);
        default -> {
          unknown.add(new SignaturePartition.UnknownKey(Excerpt.of(key), keyAt));
          p.skipChildren();
        }
      }
    }
    if (p.nextToken() != null) {
      throw new FormatException(
          name, base + offset(p), FIELD_JSON, "unexpected content after the JSON object");
    }
    if (rootHash == null || signature == null) {
      throw new FormatException(
          name,
          base,
          FIELD_JSON,
          "missing key '"
              + (rootHash == null ? SignConstants.KEY_ROOT_HASH : SignConstants.KEY_SIGNATURE)
              + "'");
    }
    return new SignaturePartition(rootHash, fingerprint, signature, unknown);
  }

  private static String hex(JsonParser p, long at, String name, String key) throws IOException {
    String s = string(p, at, name, key).toLowerCase(Locale.ROOT);
    if (s.isEmpty() || !SignaturePartition.isLowerHex(s)) {
      throw new FormatException(
          name,
          at,
          FIELD_JSON + " '" + key + "'",
          "expected hex digits, got \"" + Excerpt.of(s) + "\"");
    }
    return s;
  }

  private static byte[] base64(JsonParser p, long at, String name, String key) throws IOException {
    String s = string(p, at, name, key);
    try {
      byte[] der = Base64.getDecoder().decode(s);
      if (der.length > 0) {
        return der;
      }
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          name,
          at,
          FIELD_JSON + " '" + key + "'",
          "invalid Base64: " + oneLine(String.valueOf(e.getMessage())));
    }
    throw new FormatException(name, at, FIELD_JSON + " '" + key + "'", "empty signature");
  }

  private static String string(JsonParser p, long at, String name, String key) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new FormatException(
          name, at, FIELD_JSON + " '" + key + "'", "expected a string, got " + p.currentToken());
    }
    return p.getText();
  }

  private static long offset(JsonParser p) {
    return Math.max(0, p.currentTokenLocation().getByteOffset());
  }

  private static String oneLine(String s) {
    return s == null ? "malformed" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
