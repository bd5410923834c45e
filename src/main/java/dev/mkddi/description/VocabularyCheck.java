package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Compares a description with {@link Vocabulary}: a name that neither kiwi nor mkddi knows is an
 * error (with a suggestion); kiwi vocabulary that mkddi does not act on gives one warning per
 * element or attribute name, at its first occurrence, with the reason ({@link SupportPolicy}).
 * Elements in a namespace (kiwi's {@code <extension>} content) are not checked. Stateless.
 */
final class VocabularyCheck {
  private final Vocabulary vocabulary;

  /**
   * @param vocabulary the names known
   */
  VocabularyCheck(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /**
   * Fails on the first element or attribute that is not known, in document order.
   *
   * @param image the root element
   * @throws DescriptionException naming the unknown name, its position and a suggestion
   */
  void requireKnown(XmlElement image) throws DescriptionException {
    if (image.name().equals("image") && !image.namespace().isEmpty()) {
      throw new DescriptionException(
          image.location(),
          "the root element <image> is in the namespace \""
              + image.namespace()
              + "\"; a kiwi description uses none (remove xmlns)");
    }
    if (!image.name().equals("image")) {
      throw new DescriptionException(
          image.location(), "the root element is <" + image.name() + ">, expected <image>");
    }
    requireKnown(image, null);
  }

  private void requireKnown(XmlElement e, @Nullable XmlElement parent) throws DescriptionException {
    if (!e.namespace().isEmpty()) {
      return;
    }
    if (parent != null) {
      if (!vocabulary.knows(e.name())) {
        Set<String> here = vocabulary.children(parent.name());
        throw new DescriptionException(
            e.location(),
            "unknown element "
                + e.tag()
                + " in "
                + parent.tag()
                + ": neither kiwi nor mkddi knows it"
                + Suggestions.didYouMean(
                    e.name(), here.isEmpty() ? vocabulary.elements() : here, "<%s>"));
      }
      Set<String> allowed = vocabulary.parents(e.name());
      if (!allowed.contains(parent.name())) {
        throw new DescriptionException(
            e.location(),
            e.tag()
                + " is not allowed in "
                + parent.tag()
                + "; it belongs in "
                + allowed.stream().map(p -> "<" + p + ">").collect(Collectors.joining(" or ")));
      }
    }
    Set<String> attrs = vocabulary.attributes(e.name());
    for (XmlAttribute a : e.attributes()) {
      if (!attrs.contains(a.name())) {
        throw new DescriptionException(
            a.location(),
            "unknown attribute "
                + Excerpt.of(a.name())
                + " on "
                + e.tag()
                + ": neither kiwi nor mkddi knows it"
                + Suggestions.didYouMean(a.name(), attrs, "%s"));
      }
    }
    if (e.name().equals("extension")) {
      return;
    }
    for (XmlElement c : e.children()) {
      requireKnown(c, e);
    }
  }

  /**
   * Lists the kiwi vocabulary mkddi does not act on.
   *
   * @param image the root element
   * @param skip subtrees to leave out (sections of profiles or types that are not built)
   * @return one warning per ignored name, in order of first occurrence
   */
  List<Diagnostic> ignored(XmlElement image, List<XmlElement> skip) {
    Set<XmlElement> skipped = Collections.newSetFromMap(new IdentityHashMap<>());
    skipped.addAll(skip);
    Map<String, Tally> tallies = new LinkedHashMap<>();
    collect(image, skipped, tallies);
    List<Diagnostic> out = new ArrayList<>();
    for (Tally t : tallies.values()) {
      String times = t.count > 1 ? " (" + t.count + " times)" : "";
      out.add(new Diagnostic(t.first, t.what + " ignored" + times + ": " + t.reason));
    }
    return out;
  }

  private void collect(XmlElement e, Set<XmlElement> skipped, Map<String, Tally> tallies) {
    if (!e.namespace().isEmpty() || skipped.contains(e)) {
      return;
    }
    var whole = SupportPolicy.ignoredElement(e.name());
    if (whole.isPresent()) {
      tallies.computeIfAbsent(e.name(), k -> new Tally(e.tag(), e.location(), whole.get())).count++;
      return;
    }
    Set<Location> counted = new HashSet<>();
    for (XmlAttribute a : e.attributes()) {
      if (!counted.add(a.location())) {
        continue; // one written attribute the schema upgrade split in two (console)
      }
      SupportPolicy.ignoredAttribute(e.name(), a.name())
          .ifPresent(
              reason ->
                  tallies.computeIfAbsent(
                          e.name() + "@" + a.writtenName(),
                          k ->
                              new Tally(
                                  "<"
                                      + e.name()
                                      + " "
                                      + a.writtenName()
                                      + "=\""
                                      + Excerpt.of(a.writtenValue())
                                      + "\">",
                                  a.location(),
                                  reason))
                      .count++);
    }
    for (XmlElement c : e.children()) {
      collect(c, skipped, tallies);
    }
  }

  /** Occurrences of one ignored name. */
  private static final class Tally {
    final String what;
    final Location first;
    final String reason;
    int count;

    Tally(String what, Location first, String reason) {
      this.what = what;
      this.first = first;
      this.reason = reason;
    }
  }
}
