package dev.mkddi.inspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PartitionInspector} found inside one partition, e.g. a verity superblock or a
 * signature. {@code mkddi inspect --json} shows {@code fields} as an object under {@code key} in
 * the partition's object; the text output lists them as {@code name: value} lines under {@code
 * Partition N key:}. Immutable and thread-safe when the field values are.
 *
 * @param key the JSON key, lower camel case ({@code verity}, {@code signature}); unique per
 *     partition and not one of the standard partition keys
 * @param fields the details in display order; values are JSON-compatible: {@code String}, {@code
 *     Number}, {@code Boolean}, {@code List}, {@code Map} or null
 * @param rootHash a root hash (lowercase hex) this content states or proves, or null; {@link
 *     ImageInspector} offers it as the image's root hash
 */
public record PartitionDetails(String key, Map<String, Object> fields, @Nullable String rootHash) {

  /** Copies the fields, keeping their order. */
  public PartitionDetails {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || !Character.isLowerCase(key.charAt(0))) {
      throw new IllegalArgumentException("details key '" + key + "' must start lower-case");
    }
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
