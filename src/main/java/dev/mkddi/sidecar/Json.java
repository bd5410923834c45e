package dev.mkddi.sidecar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON style of mkddi: compact (no spaces, one line) with a final newline, for the manifest
 * and every command's {@code --json} output, so that scripts and {@code jq} see the same shape
 * everywhere. Thread-safe.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * @param value records, maps, lists, strings, numbers, booleans and nulls
   * @return the UTF-8 JSON text ending in a newline
   */
  public static byte[] encode(Object value) {
    try {
      return (MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-compatible: " + e.getMessage(), e);
    }
  }

  /**
   * @param value records, maps, lists, strings, numbers, booleans and nulls
   * @return the JSON text ending in a newline
   */
  public static String text(Object value) {
    return new String(encode(value), StandardCharsets.UTF_8);
  }
}
