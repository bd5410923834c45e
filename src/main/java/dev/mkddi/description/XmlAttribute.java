package dev.mkddi.description;

import java.util.Objects;

/**
 * One attribute of a parsed description element, with its position. Immutable.
 *
 * @param name the attribute name; {@code xsi:…} for the XML Schema instance namespace
 * @param value the normalized value
 * @param location where the attribute name starts
 */
record XmlAttribute(String name, String value, Location location) {
  XmlAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(location, "location");
  }

  /**
   * @return this attribute renamed, at the same position
   */
  XmlAttribute withName(String newName) {
    return new XmlAttribute(newName, value, location);
  }
}
