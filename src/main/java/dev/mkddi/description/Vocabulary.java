package dev.mkddi.description;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The element and attribute names kiwi's schema knows (derived from {@code kiwi.rng} into {@code
 * kiwi-vocabulary.txt}) merged with mkddi's additions ({@code mkddi-vocabulary.txt}): for each
 * element, the parents it may appear in and its attributes. Immutable and thread-safe.
 */
final class Vocabulary {
  /** kiwi's vocabulary plus mkddi's extensions. */
  static final Vocabulary KIWI_AND_MKDDI =
      new Vocabulary("kiwi-vocabulary.txt", "mkddi-vocabulary.txt");

  private final Map<String, Set<String>> parents = new TreeMap<>();
  private final Map<String, Set<String>> attributes = new TreeMap<>();
  private final Map<String, Set<String>> children = new TreeMap<>();

  private Vocabulary(String... resources) {
    for (String resource : resources) {
      read(resource);
    }
    parents.forEach(
        (element, ps) ->
            ps.forEach(p -> children.computeIfAbsent(p, k -> new TreeSet<>()).add(element)));
  }

  private void read(String resource) {
    try (InputStream in = Vocabulary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        parents.computeIfAbsent(f[0], k -> new TreeSet<>()).addAll(list(f[1]));
        attributes.computeIfAbsent(f[0], k -> new TreeSet<>()).addAll(list(f[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> list(String field) {
    return field.equals("-") ? Set.of() : new LinkedHashSet<>(Arrays.asList(field.split(",")));
  }

  /**
   * @param element an element name
   * @return whether kiwi or mkddi knows it
   */
  boolean knows(String element) {
    return parents.containsKey(element);
  }

  /**
   * @return every known element name, sorted
   */
  Set<String> elements() {
    return parents.keySet();
  }

  /**
   * @param element a known element name
   * @return the elements it may appear in
   */
  Set<String> parents(String element) {
    return parents.getOrDefault(element, Set.of());
  }

  /**
   * @param parent an element name
   * @return the elements allowed inside it
   */
  Set<String> children(String parent) {
    return children.getOrDefault(parent, Set.of());
  }

  /**
   * @param element an element name
   * @return its known attributes
   */
  Set<String> attributes(String element) {
    return attributes.getOrDefault(element, Set.of());
  }
}
