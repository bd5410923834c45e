package dev.mkddi.sidecar;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON style of mkddi: compact (no spaces, one line) with a final newline, for the manifest
 * and every command's {@code --json} output, so that scripts and {@code jq} see the same shape
 * everywhere. Thread-safe.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** jackson-databind, made on first use ({@link #encodePlain} needs none). */
  private static final class Mapper {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * @param value records, maps, lists, strings, numbers, booleans and nulls
   * @return the UTF-8 JSON text ending in a newline
   */
  public static byte[] encode(Object value) {
    try {
      return (Mapper.MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-compatible: " + e.getMessage(), e);
    }
  }

  /**
   * The bytes {@link #encode} makes of plain data, written by jackson-core's streaming generator
   * alone: jackson-databind builds its serializers by introspection on first use, a tenth of a
   * second at the end of every build. Plain data are records without Jackson annotations
   * (components in declaration order), lists, strings, {@code int}s and {@code long}s, booleans,
   * nulls, and enums (their {@link JsonValue} method's value, else their name).
   *
   * @param value plain data
   * @return the UTF-8 JSON text ending in a newline
   * @throws IllegalArgumentException when {@code value} holds anything else
   */
  public static byte[] encodePlain(Object value) {
    // through a String, as databind writes: its UTF-8 generator would escape characters beyond
    // the BMP as surrogate pairs
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return (out + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (value instanceof Enum<?> e) {
      Method m = jsonValue(e.getDeclaringClass());
      write(g, m == null ? e.name() : invoke(m, e));
    } else if (value instanceof Record r && r.getClass().getAnnotations().length == 0) {
      g.writeStartObject();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        if (c.getAnnotations().length > 0) {
          throw new IllegalArgumentException("not plain data: " + c);
        }
        g.writeFieldName(c.getName());
        write(g, invoke(c.getAccessor(), r));
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("not plain data: " + value.getClass().getName());
    }
  }

  private static @Nullable Method jsonValue(Class<?> type) {
    for (Method m : type.getMethods()) {
      if (m.isAnnotationPresent(JsonValue.class)) {
        return m;
      }
    }
    return null;
  }

  private static @Nullable Object invoke(Method m, Object target) {
    try {
      return m.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException("cannot read " + m + ": " + e.getMessage(), e);
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
