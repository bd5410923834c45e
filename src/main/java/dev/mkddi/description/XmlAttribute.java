package dev.mkddi.description;

import java.util.Objects;

/**
 * One attribute of a parsed description element, with its position. Immutable.
 *
 * @param name the attribute name; {@code xsi:…} for the XML Schema instance namespace
 * @param value the normalized value
 * @param location where the attribute name starts
 * @param writtenName the name as the file spells it (before the schema upgrade renamed it)
 * @param writtenValue the value as the file spells it (before the upgrade split or rewrote it)
 */
record XmlAttribute(
    String name, String value, Location location, String writtenName, String writtenValue) {
  XmlAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(writtenName, "writtenName");
    Objects.requireNonNull(writtenValue, "writtenValue");
  }

  /** An attribute as written in the file. */
  XmlAttribute(String name, String value, Location location) {
    this(name, value, location, name, value);
  }

  /**
   * @return this attribute renamed, at the same position, remembering how the file spells it
   */
  XmlAttribute withName(String newName) {
    return new XmlAttribute(newName, value, location, writtenName, writtenValue);
  }

  /**
   * @return this attribute with another name and value, remembering how the file spells it
   */
  XmlAttribute rewritten(String newName, String newValue) {
    return new XmlAttribute(newName, newValue, location, writtenName, writtenValue);
  }
}
