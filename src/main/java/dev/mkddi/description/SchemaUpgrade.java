package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Upgrades a description tree from kiwi schema 7.4–8.4 to 8.5 in memory, step by step, with the
 * same changes kiwi's conversion stylesheets make. Renamed attributes keep their positions.
 * Stateless and thread-safe.
 */
final class SchemaUpgrade {
  /** The schema versions kiwi 10 converts, oldest first; the last is the current one. */
  static final List<String> VERSIONS =
      List.of("7.4", "7.5", "7.6", "8.0", "8.1", "8.2", "8.3", "8.4", "8.5");

  /** The current schema version. */
  static final String CURRENT = VERSIONS.get(VERSIONS.size() - 1);

  /** Step {@code i} converts {@code VERSIONS[i]} to {@code VERSIONS[i + 1]}. */
  private static final List<UnaryOperator<XmlElement>> STEPS =
      List.of(
          e -> e.name().equals("containerconfig") ? additionalTagsToNames(e) : e,
          e ->
              e.name().equals("packagemanager") && e.text().strip().equals("dnf")
                  ? e.withText("dnf4")
                  : e,
          e -> e,
          e ->
              e.name().equals("repository") && e.value("type").orElse("").equals("rpm-dir")
                  ? without(e, "type")
                  : e,
          e -> e.name().equals("repository") ? without(e, "use_for_bootstrap") : e,
          e ->
              e.name().equals("type")
                  ? renamed(e, "btrfs_root_is_snapshot", "btrfs_root_is_snapper_snapshot")
                  : e,
          e -> e.name().equals("bootloader") ? splitConsole(e) : e,
          e -> e.name().equals("type") ? without(e, "vga") : e);

  private SchemaUpgrade() {}

  /**
   * Checks the schema version of an {@code <image>} and upgrades the tree to {@link #CURRENT}.
   *
   * @param image the root element
   * @return the tree at the current schema version (the same object when already current)
   * @throws DescriptionException when the version is missing, too old or unknown
   */
  static XmlElement upgrade(XmlElement image) throws DescriptionException {
    XmlAttribute version =
        image
            .attribute("schemaversion")
            .orElseThrow(
                () ->
                    new DescriptionException(
                        image.location(),
                        "<image> lacks the attribute schemaversion (kiwi schema "
                            + VERSIONS.get(0)
                            + " to "
                            + CURRENT
                            + ")"));
    int from = VERSIONS.indexOf(version.value().strip());
    if (from < 0) {
      throw new DescriptionException(version.location(), unsupported(version.value()));
    }
    XmlElement tree = image;
    for (int i = from; i < STEPS.size(); i++) {
      tree = map(tree, STEPS.get(i));
    }
    if (from == VERSIONS.size() - 1) {
      return tree;
    }
    List<XmlAttribute> attrs = new ArrayList<>();
    for (XmlAttribute a : tree.attributes()) {
      attrs.add(
          a.name().equals("schemaversion")
              ? new XmlAttribute("schemaversion", CURRENT, a.location())
              : a);
    }
    return tree.withAttributes(attrs);
  }

  private static String unsupported(String value) {
    Optional<BigDecimal> number = parse(value);
    String range = "mkddi reads kiwi schema " + VERSIONS.get(0) + " to " + CURRENT;
    if (number.isPresent() && number.get().compareTo(new BigDecimal(VERSIONS.get(0))) < 0) {
      return "schemaversion \""
          + Excerpt.of(value)
          + "\" is older than "
          + VERSIONS.get(0)
          + ", which kiwi no longer converts either; "
          + range;
    }
    return "unsupported schemaversion \"" + Excerpt.of(value) + "\": " + range;
  }

  private static Optional<BigDecimal> parse(String value) {
    try {
      return Optional.of(new BigDecimal(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static XmlElement map(XmlElement e, UnaryOperator<XmlElement> step) {
    if (!e.namespace().isEmpty()) {
      return e;
    }
    XmlElement mapped = step.apply(e);
    List<XmlElement> kids = new ArrayList<>();
    for (XmlElement c : mapped.children()) {
      kids.add(map(c, step));
    }
    return mapped.withChildren(kids);
  }

  private static XmlElement without(XmlElement e, String attribute) {
    List<XmlAttribute> attrs = new ArrayList<>(e.attributes());
    attrs.removeIf(a -> a.name().equals(attribute));
    return e.withAttributes(attrs);
  }

  private static XmlElement renamed(XmlElement e, String from, String to) {
    List<XmlAttribute> attrs = new ArrayList<>();
    for (XmlAttribute a : e.attributes()) {
      attrs.add(a.name().equals(from) ? a.withName(to) : a);
    }
    return e.withAttributes(attrs);
  }

  /** {@code additionaltags="a,b"} becomes {@code additionalnames=":a,:b"}. */
  private static XmlElement additionalTagsToNames(XmlElement e) {
    List<XmlAttribute> attrs = new ArrayList<>();
    for (XmlAttribute a : e.attributes()) {
      attrs.add(
          a.name().equals("additionaltags")
              ? a.rewritten("additionalnames", ":" + a.value().replace(",", ",:"))
              : a);
    }
    return e.withAttributes(attrs);
  }

  /** {@code console="A B"} becomes {@code output_console="A" input_console="B"}. */
  private static XmlElement splitConsole(XmlElement e) {
    List<XmlAttribute> attrs = new ArrayList<>();
    for (XmlAttribute a : e.attributes()) {
      if (!a.name().equals("console")) {
        attrs.add(a);
      } else if (a.value().contains(" ")) {
        int sp = a.value().indexOf(' ');
        attrs.add(a.rewritten("output_console", a.value().substring(0, sp)));
        attrs.add(a.rewritten("input_console", a.value().substring(sp + 1)));
      } else {
        attrs.add(a.withName("output_console"));
      }
    }
    return e.withAttributes(attrs);
  }
}
