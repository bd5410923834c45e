package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.Excerpt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which parts of a description apply: the selected profiles (kiwi's rules: the requested ones and
 * what they require, else those with {@code import="true"}), the sections whose {@code profiles=}
 * and {@code arch=} match, and the {@code <type>} to build. Immutable after {@link #select}.
 */
final class Selection {
  final List<String> profiles;
  final List<XmlElement> preferences;
  final List<XmlElement> packages;
  final XmlElement type;
  final List<XmlElement> unselected;
  private final Architecture arch;

  private Selection(
      Architecture arch,
      List<String> profiles,
      List<XmlElement> preferences,
      List<XmlElement> packages,
      XmlElement type,
      List<XmlElement> unselected) {
    this.arch = arch;
    this.profiles = List.copyOf(profiles);
    this.preferences = List.copyOf(preferences);
    this.packages = List.copyOf(packages);
    this.type = type;
    this.unselected = List.copyOf(unselected);
  }

  /**
   * @param image the upgraded, validated root element
   * @param requested profiles asked for, in order
   * @param arch the target architecture ({@code uname -m} spelling)
   * @param findings receives a warning per type that is not built
   * @return the selection
   * @throws DescriptionException for an unknown profile, a section naming an undefined profile, no
   *     disk type, or several without a primary one
   */
  static Selection select(
      XmlElement image, List<String> requested, Architecture arch, Findings findings)
      throws DescriptionException {
    Map<String, XmlElement> available = new LinkedHashMap<>();
    List<String> imports = new ArrayList<>();
    for (XmlElement section : image.children("profiles")) {
      for (XmlElement p : section.children("profile")) {
        if (archMatches(p, arch)) {
          String name = p.value("name").orElse("");
          XmlElement first = available.putIfAbsent(name, p);
          if (first != null) {
            throw new DescriptionException(
                p.attribute("name").map(XmlAttribute::location).orElse(p.location()),
                "<profile name=\""
                    + Excerpt.of(name)
                    + "\"> is defined twice (first at line "
                    + first.location().line()
                    + ")");
          }
          if (p.value("import").map(Selection::bool).orElse(false)) {
            imports.add(name);
          }
        }
      }
    }
    Set<String> selected = new LinkedHashSet<>();
    if (requested.isEmpty()) {
      selected.addAll(imports);
    } else {
      for (String name : requested) {
        addWithRequires(image, name, available, arch, selected);
      }
    }
    Set<String> definedAnyArch = definedAnyArch(image);
    List<XmlElement> unselected = new ArrayList<>();
    List<XmlElement> prefs = new ArrayList<>();
    List<XmlElement> pkgs = new ArrayList<>();
    for (XmlElement c : image.children()) {
      if (!c.name().equals("preferences")
          && !c.name().equals("packages")
          && !c.name().equals("users")
          && !c.name().equals("repository")) {
        continue;
      }
      checkProfilesDefined(c, available, definedAnyArch);
      boolean applies = profilesMatch(c, selected) && archMatches(c, arch);
      if (!applies) {
        unselected.add(c);
      } else if (c.name().equals("preferences")) {
        prefs.add(c);
      } else if (c.name().equals("packages")) {
        pkgs.add(c);
      }
    }
    if (prefs.isEmpty()) {
      throw new DescriptionException(
          image.location(),
          "no <preferences> section applies"
              + (selected.isEmpty()
                  ? " without a profile"
                  : " to the profiles " + listed(selected)));
    }
    List<String> profiles = List.copyOf(selected);
    XmlElement type = chooseType(image, prefs, profiles, findings, unselected);
    return new Selection(arch, profiles, prefs, pkgs, type, unselected);
  }

  /**
   * Selects {@code name} and, depth first, what it requires (iteratively: a chain of requirements
   * as long as the description allows must not exhaust the stack).
   */
  private static void addWithRequires(
      XmlElement image,
      String name,
      Map<String, XmlElement> available,
      Architecture arch,
      Set<String> selected)
      throws DescriptionException {
    if (!available.containsKey(name)) {
      throw new DescriptionException(
          Location.of(image.location().file()),
          "no profile \""
              + Excerpt.of(name)
              + "\" for "
              + arch.unameName()
              + "; defined: "
              + (available.isEmpty() ? "none" : listed(available.keySet()))
              + Suggestions.didYouMean(name, available.keySet(), "%s"));
    }
    Deque<String> todo = new ArrayDeque<>(List.of(name));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (!selected.add(next)) {
        continue;
      }
      List<String> requires = new ArrayList<>();
      for (XmlElement r : Objects.requireNonNull(available.get(next)).children("requires")) {
        if (archMatches(r, arch)) {
          String required = r.value("profile").orElse("");
          if (!available.containsKey(required)) {
            throw new DescriptionException(
                r.location(),
                "profile \""
                    + Excerpt.of(next)
                    + "\" requires \""
                    + Excerpt.of(required)
                    + "\", which is not defined for "
                    + arch.unameName());
          }
          requires.add(required);
        }
      }
      for (int i = requires.size() - 1; i >= 0; i--) {
        todo.push(requires.get(i));
      }
    }
  }

  private static void checkProfilesDefined(
      XmlElement section, Map<String, XmlElement> available, Set<String> definedAnyArch)
      throws DescriptionException {
    Optional<XmlAttribute> attr = section.attribute("profiles");
    if (attr.isEmpty()) {
      return;
    }
    for (String p : attr.get().value().split(",")) {
      if (!available.containsKey(p.strip()) && !definedAnyArch.contains(p.strip())) {
        throw new DescriptionException(
            attr.get().location(),
            section.tag()
                + " names profile \""
                + Excerpt.of(p.strip())
                + "\", which no <profile> defines"
                + Suggestions.didYouMean(p.strip(), available.keySet(), "%s"));
      }
    }
  }

  /** The names of every profile, whatever its architecture. */
  private static Set<String> definedAnyArch(XmlElement image) {
    Set<String> names = new HashSet<>();
    for (XmlElement section : image.children("profiles")) {
      for (XmlElement p : section.children("profile")) {
        names.add(p.value("name").orElse(""));
      }
    }
    return names;
  }

  /** Names for a message: the first few, and how many there are when more. */
  private static String listed(Collection<String> names) {
    int shown = 10;
    List<String> first = new ArrayList<>();
    for (String n : names) {
      if (first.size() == shown) {
        break;
      }
      first.add(Excerpt.of(n));
    }
    return String.join(", ", first)
        + (names.size() > shown ? ", … (" + names.size() + " in all)" : "");
  }

  private static XmlElement chooseType(
      XmlElement image,
      List<XmlElement> prefs,
      List<String> selected,
      Findings findings,
      List<XmlElement> unselected)
      throws DescriptionException {
    List<XmlElement> disks = new ArrayList<>();
    List<XmlElement> others = new ArrayList<>();
    for (XmlElement p : prefs) {
      for (XmlElement t : p.children("type")) {
        (t.value("image").orElse("").equals("oem") ? disks : others).add(t);
      }
    }
    if (disks.isEmpty()) {
      throw new DescriptionException(
          image.location(),
          "no <type image=\"oem\"> in the"
              + " selected <preferences>"
              + (selected.isEmpty() ? "" : " (profiles " + listed(selected) + ")")
              + ": mkddi builds disk images"
              + profilesWithDisk(image, selected));
    }
    // kiwi's choice (XMLState._build_type_section): the primary type, else the first in order
    XmlElement chosen =
        disks.stream()
            .filter(t -> t.value("primary").map(Selection::bool).orElse(false))
            .findFirst()
            .orElse(disks.get(0));
    if (disks.size() > 1 && !chosen.value("primary").map(Selection::bool).orElse(false)) {
      findings.warn(
          disks.get(1).location(),
          disks.size()
              + " <type image=\"oem\"> sections apply; mkddi builds the first (line "
              + chosen.location().line()
              + "), as kiwi does: mark one primary=\"true\" or select a profile to choose");
    }
    for (XmlElement t : disks) {
      if (t != chosen) {
        unselected.add(t);
      }
    }
    for (XmlElement t : others) {
      unselected.add(t);
      findings.warn(
          t.location(),
          "<type image=\""
              + Excerpt.of(t.value("image").orElse(""))
              + "\"> not built: mkddi builds the image=\"oem\" disk type only");
    }
    return chosen;
  }

  /**
   * The profiles outside the selection whose {@code <preferences>} hold a {@code <type
   * image="oem">}, as advice for the message that none of the selected ones does.
   */
  private static String profilesWithDisk(XmlElement image, List<String> selected) {
    Set<String> names = new LinkedHashSet<>();
    for (XmlElement p : image.children("preferences")) {
      boolean disk = false;
      for (XmlElement t : p.children("type")) {
        disk |= t.value("image").orElse("").equals("oem");
      }
      if (disk) {
        for (String name : p.value("profiles").orElse("").split(",")) {
          if (!name.isBlank() && !selected.contains(name.strip())) {
            names.add(name.strip());
          }
        }
      }
    }
    if (names.isEmpty()) {
      return "";
    }
    String first = Excerpt.of(names.iterator().next());
    return names.size() == 1
        ? "; the profile " + first + " has one: select it with --profile " + first
        : "; the profiles "
            + listed(names)
            + " have one: select one with --profile (e.g. --profile "
            + first
            + ")";
  }

  private static boolean profilesMatch(XmlElement section, Set<String> selected) {
    Optional<String> p = section.value("profiles");
    if (p.isEmpty()) {
      return true;
    }
    for (String name : p.get().split(",")) {
      if (selected.contains(name.strip())) {
        return true;
      }
    }
    return false;
  }

  static boolean archMatches(XmlElement e, Architecture arch) {
    Optional<String> a = e.value("arch");
    if (a.isEmpty()) {
      return true;
    }
    for (String name : a.get().split(",")) {
      if (Architecture.find(name).equals(Optional.of(arch))) {
        return true;
      }
    }
    return false;
  }

  /** XML Schema booleans: true, false, 1, 0. */
  static boolean bool(String value) {
    String v = value.strip();
    return v.equals("true") || v.equals("1");
  }

  /**
   * @return the first {@code <version>} of the selected preferences, if any
   */
  Optional<XmlElement> version() {
    for (XmlElement p : preferences) {
      Optional<XmlElement> v = p.child("version");
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /**
   * @return the target architecture
   */
  Architecture arch() {
    return arch;
  }
}
