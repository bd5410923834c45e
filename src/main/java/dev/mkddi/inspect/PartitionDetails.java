package dev.mkddi.inspect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PartitionInspector} found inside one partition, e.g. a verity superblock or a
 * signature. {@code mkddi inspect --json} shows {@code content} (a record, through Jackson) as an
 * object under {@code key} in the partition's object; the text output lists its components as
 * {@code name: value} lines under {@code Partition N key:}. Immutable and thread-safe when the
 * content is.
 *
 * @param key the JSON key, lower camel case ({@code verity}, {@code signature}); unique per
 *     partition and not one of the standard partition keys
 * @param content the details: a record whose components are strings, numbers, booleans, lists or
 *     records, in display order
 * @param rootHash a root hash (lowercase hex) this content states or proves, or null; {@link
 *     ImageInspector} offers it as the image's root hash
 */
public record PartitionDetails(String key, Record content, @Nullable String rootHash) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Checks the key. */
  public PartitionDetails {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(content, "content");
    if (key.isEmpty() || !Character.isLowerCase(key.charAt(0))) {
      throw new IllegalArgumentException("details key '" + key + "' must start lower-case");
    }
  }

  /**
   * @return the content's components by name, in order, as Jackson writes them
   */
  public Map<String, Object> fields() {
    return MAPPER.convertValue(content, new TypeReference<LinkedHashMap<String, Object>>() {});
  }
}
