package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a parsed description: name, position, attributes in document order, child elements
 * and the text directly inside it. A small positioned tree that the loader walks (the XML libraries
 * stay inside {@link DescriptionParser} and {@link SchemaValidator}). Immutable.
 *
 * @param name the local name
 * @param namespace the namespace URI, empty for kiwi's unqualified elements
 * @param location where the start tag begins
 * @param attributes attributes in document order
 * @param children child elements in document order
 * @param text the character data directly inside the element, concatenated
 */
record XmlElement(
    String name,
    String namespace,
    Location location,
    List<XmlAttribute> attributes,
    List<XmlElement> children,
    String text) {

  XmlElement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(location, "location");
    attributes = List.copyOf(attributes);
    children = List.copyOf(children);
    Objects.requireNonNull(text, "text");
  }

  /**
   * @param attributeName an attribute name
   * @return the attribute, if present
   */
  Optional<XmlAttribute> attribute(String attributeName) {
    for (XmlAttribute a : attributes) {
      if (a.name().equals(attributeName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * @param attributeName an attribute name
   * @return the attribute's value, if present
   */
  Optional<String> value(String attributeName) {
    return attribute(attributeName).map(XmlAttribute::value);
  }

  /**
   * @param childName an element name
   * @return the children of that name, in document order
   */
  List<XmlElement> children(String childName) {
    List<XmlElement> out = new ArrayList<>();
    for (XmlElement c : children) {
      if (c.name().equals(childName) && c.namespace().isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * @param childName an element name
   * @return the first child of that name, if any
   */
  Optional<XmlElement> child(String childName) {
    List<XmlElement> list = children(childName);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  /**
   * @param newAttributes replacement attributes
   * @return a copy with other attributes
   */
  XmlElement withAttributes(List<XmlAttribute> newAttributes) {
    return new XmlElement(name, namespace, location, newAttributes, children, text);
  }

  /**
   * @param newChildren replacement children
   * @return a copy with other children
   */
  XmlElement withChildren(List<XmlElement> newChildren) {
    return new XmlElement(name, namespace, location, attributes, newChildren, text);
  }

  /**
   * @param newText replacement text
   * @return a copy with other text
   */
  XmlElement withText(String newText) {
    return new XmlElement(name, namespace, location, attributes, children, newText);
  }

  /**
   * @return {@code <name>}, how messages name the element (a long name cut, see {@link Excerpt})
   */
  String tag() {
    return "<" + Excerpt.of(name) + ">";
  }
}
