package dev.mkddi.sidecar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;

/** Pretty JSON with a final newline, for manifests and {@code --json} output. Thread-safe. */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /**
   * @param value maps, lists, strings, numbers, booleans and nulls
   * @return the UTF-8 JSON text ending in a newline
   */
  public static byte[] encode(Object value) {
    try {
      return (MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-compatible: " + e.getMessage(), e);
    }
  }
}
