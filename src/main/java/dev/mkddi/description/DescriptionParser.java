package dev.mkddi.description;

import com.ctc.wstx.api.WstxInputProperties;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import dev.mkddi.io.Excerpt;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;
import org.jspecify.annotations.Nullable;

/**
 * Reads a description file into a positioned {@link XmlElement} tree with the StAX parser that
 * Jackson XML uses (Woodstox). Every element and attribute keeps its line and column: elements from
 * the parser's event location, attributes by scanning the start tag's text, which the parser has
 * already found well-formed. DTDs and external entities are not processed. Stateless and
 * thread-safe.
 */
final class DescriptionParser {
  private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
  private static final Pattern ENCODING =
      Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** Longest parser message passed on (they can quote names from the input). */
  private static final int MAX_PARSER_MESSAGE = 200;

  private DescriptionParser() {}

  /**
   * Reads and parses a file.
   *
   * @param file the description file, as the user named it (used in messages)
   * @return the root element
   * @throws DescriptionException when the file is not well-formed XML or not decodable
   * @throws IOException when the file cannot be read
   */
  static XmlElement parse(Path file) throws IOException {
    String text = decode(file, DescriptionLimits.read(file));
    requireMarkup(file, text);
    return parse(file, text);
  }

  /**
   * Refuses in one line a file that does not start with markup: kiwi also reads YAML, JSON and INI
   * descriptions (its {@code anymarkup} plugin converts them to XML); mkddi reads XML only.
   */
  private static void requireMarkup(Path file, String text) throws DescriptionException {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '<') {
        return;
      }
      if (c == '\n') {
        line++;
        column = 1;
      } else if (Character.isWhitespace(c) || c == '\uFEFF') {
        column++;
      } else {
        throw new DescriptionException(
            new Location(file, line, column),
            "not an XML description: mkddi reads kiwi's XML only, not the YAML (or JSON, INI)"
                + " kiwi also reads; convert it with kiwi-ng image info --description DIR"
                + " --print-xml");
      }
    }
  }

  /**
   * Parses text.
   *
   * @param file the file name used in positions
   * @param text the whole document
   * @return the root element
   * @throws DescriptionException when the text is not well-formed XML
   */
  static XmlElement parse(Path file, String text) throws DescriptionException {
    LineIndex lines = new LineIndex(text);
    XMLInputFactory factory = new XmlFactory().getXMLInputFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLInputFactory2.P_LAZY_PARSING, false);
    // DescriptionLimits decides, with a position: the parser's own limits report none (its
    // attribute count limit stays, as it slows down without it; malformed() adds the position)
    factory.setProperty(
        WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, DescriptionLimits.MAX_ATTRIBUTES);
    factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, Integer.MAX_VALUE);
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new StringReader(text));
      Deque<Builder> stack = new ArrayDeque<>();
      XmlElement root = null;
      int elements = 0;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          int offset = r.getLocation().getCharacterOffset();
          Location at = lines.location(file, offset);
          DescriptionLimits.checkStartTag(
              at, r.getLocalName(), stack.size() + 1, ++elements, r.getAttributeCount());
          Map<String, Integer> attrOffsets = attributeOffsets(text, offset);
          List<XmlAttribute> attrs = new ArrayList<>();
          for (int i = 0; i < r.getAttributeCount(); i++) {
            String written = qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i));
            String name =
                XSI.equals(r.getAttributeNamespace(i))
                    ? "xsi:" + r.getAttributeLocalName(i)
                    : written;
            Integer attrOffset = attrOffsets.get(written);
            Location attrAt = attrOffset == null ? at : lines.location(file, attrOffset);
            DescriptionLimits.checkAttribute(
                attrAt, r.getLocalName(), written, r.getAttributeValue(i));
            attrs.add(new XmlAttribute(name, r.getAttributeValue(i), attrAt));
          }
          String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
          stack.push(new Builder(r.getLocalName(), ns, at, attrs));
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          XmlElement done = stack.pop().build();
          if (stack.isEmpty()) {
            root = done;
          } else {
            stack.peek().children.add(done);
          }
        } else if (event == XMLStreamConstants.DTD) {
          throw new DescriptionException(
              lines.location(file, Math.max(0, text.indexOf("<!DOCTYPE"))),
              "<!DOCTYPE> and entity declarations are not supported: remove them (kiwi"
                  + " descriptions have none)");
        } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
            && !stack.isEmpty()) {
          Builder b = stack.peek();
          b.text.append(r.getText());
          DescriptionLimits.checkText(b.location, b.name, b.text.length());
        }
      }
      if (root == null) {
        throw new DescriptionException(Location.of(file), "malformed XML: no root element");
      }
      return root;
    } catch (XMLStreamException e) {
      throw malformed(file, text, lines, e, r);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof XMLStreamException cause) {
        throw malformed(file, text, lines, cause, r);
      }
      throw e;
    } finally {
      closeQuietly(r);
    }
  }

  private static DescriptionException malformed(
      Path file, String text, LineIndex lines, XMLStreamException e, @Nullable XMLStreamReader r) {
    String msg = e.getMessage() == null ? "unreadable" : e.getMessage();
    int cut = msg.indexOf("\n at [");
    if (cut >= 0) {
      msg = msg.substring(0, cut);
    }
    msg = msg.replace('\n', ' ').replace('\r', ' ').strip();
    if (msg.startsWith("ParseError at [row,col]:")) {
      int m = msg.indexOf("Message:");
      msg = m >= 0 ? msg.substring(m + "Message:".length()).strip() : msg;
    }
    if (msg.startsWith("Attribute limit") && r != null) {
      // the parser stops at attribute MAX_ATTRIBUTES + 1 and reports no position (and lifting its
      // limit makes it slow): count them, and name the tag
      int tagStart =
          text.lastIndexOf('<', Math.min(r.getLocation().getCharacterOffset(), text.length() - 1));
      int nameEnd = tagStart + 1;
      while (nameEnd < text.length()
          && !isSpace(text.charAt(nameEnd))
          && text.charAt(nameEnd) != '>') {
        nameEnd++;
      }
      return DescriptionLimits.tooManyAttributes(
          lines.location(file, Math.max(0, tagStart)),
          text.substring(tagStart + 1, nameEnd),
          attributeNames(text, Math.max(0, tagStart)).size());
    }
    msg = Excerpt.of(msg, MAX_PARSER_MESSAGE);
    Location at = Location.of(file);
    if (e.getLocation() != null) {
      int offset = e.getLocation().getCharacterOffset();
      if (msg.startsWith("Duplicate attribute") && offset > 0) {
        int tagStart = text.lastIndexOf('<', Math.min(offset, text.length() - 1));
        List<Map.Entry<String, Integer>> names = attributeNames(text, Math.max(0, tagStart));
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Integer> n : names) {
          if (!seen.add(n.getKey())) {
            return new DescriptionException(
                lines.location(file, n.getValue()),
                "malformed XML: attribute " + Excerpt.of(n.getKey()) + " is given twice");
          }
        }
      }
      if (msg.startsWith("Unexpected close tag") && offset > 0) {
        offset = text.lastIndexOf("</", Math.min(offset, text.length() - 1));
      }
      at =
          offset >= 0
              ? lines.location(file, offset)
              : new Location(
                  file,
                  Math.max(1, e.getLocation().getLineNumber()),
                  Math.max(1, e.getLocation().getColumnNumber()));
    }
    return new DescriptionException(at, "malformed XML: " + msg);
  }

  /** Finds where each attribute name starts inside the start tag beginning at {@code tagStart}. */
  private static Map<String, Integer> attributeOffsets(String text, int tagStart) {
    Map<String, Integer> out = new HashMap<>();
    for (Map.Entry<String, Integer> n : attributeNames(text, tagStart)) {
      out.putIfAbsent(n.getKey(), n.getValue());
    }
    return out;
  }

  /** The attribute names of the start tag beginning at {@code tagStart}, with their offsets. */
  private static List<Map.Entry<String, Integer>> attributeNames(String text, int tagStart) {
    List<Map.Entry<String, Integer>> out = new ArrayList<>();
    int n = text.length();
    int i = tagStart + 1;
    while (i < n && !isSpace(text.charAt(i)) && text.charAt(i) != '>' && text.charAt(i) != '/') {
      i++;
    }
    while (i < n) {
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      if (i >= n || text.charAt(i) == '>' || text.charAt(i) == '/') {
        break;
      }
      int nameStart = i;
      while (i < n && text.charAt(i) != '=' && !isSpace(text.charAt(i))) {
        i++;
      }
      out.add(Map.entry(text.substring(nameStart, i), nameStart));
      while (i < n && text.charAt(i) != '"' && text.charAt(i) != '\'') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int close = text.indexOf(text.charAt(i), i + 1);
      if (close < 0) {
        break;
      }
      i = close + 1;
    }
    return out;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static String qualified(String prefix, String local) {
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }

  /** Decodes a file's bytes by its BOM or XML declaration (default UTF-8), strictly. */
  private static String decode(Path file, byte[] bytes) throws DescriptionException {
    int skip = 0;
    Charset cs = StandardCharsets.UTF_8;
    if (bytes.length >= 3 && Arrays.equals(Arrays.copyOf(bytes, 3), UTF8_BOM)) {
      skip = 3;
    } else if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      cs = StandardCharsets.UTF_16;
    } else {
      String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
      Matcher m = ENCODING.matcher(head);
      if (m.find()) {
        try {
          cs = Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new DescriptionException(
              new Location(file, 1, m.start(1) + 1), "unsupported encoding " + m.group(1));
        }
      }
    }
    try {
      return cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
          .toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int bad = badByte(bytes, skip, cs);
      for (int i = 0; i < bad; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new DescriptionException(
          new Location(file, line, 0), "malformed XML: bytes that are not valid " + cs.name());
    }
  }

  private static int badByte(byte[] bytes, int skip, Charset cs) {
    var decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : bytes.length;
  }

  private static void closeQuietly(@Nullable XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // nothing to release for an in-memory reader
      }
    }
  }

  /** An element under construction. */
  private static final class Builder {
    final String name;
    final String namespace;
    final Location location;
    final List<XmlAttribute> attributes;
    final List<XmlElement> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    Builder(String name, String namespace, Location location, List<XmlAttribute> attributes) {
      this.name = name;
      this.namespace = namespace;
      this.location = location;
      this.attributes = attributes;
    }

    XmlElement build() {
      return new XmlElement(name, namespace, location, attributes, children, text.toString());
    }
  }

  /** Maps character offsets to 1-based line and column (CR, LF and CRLF end a line). */
  private static final class LineIndex {
    private final int[] starts;

    LineIndex(String text) {
      // two passes into an int[]: a list of boxed offsets would cost 20 bytes a line
      int lines = 1;
      for (int i = 0; i < text.length(); i++) {
        lines += endsLine(text, i) ? 1 : 0;
      }
      starts = new int[lines];
      int n = 1;
      for (int i = 0; i < text.length(); i++) {
        if (endsLine(text, i)) {
          starts[n++] = i + 1;
        }
      }
    }

    private static boolean endsLine(String text, int i) {
      char c = text.charAt(i);
      return c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
    }

    Location location(Path file, int offset) {
      int idx = Arrays.binarySearch(starts, Math.max(0, offset));
      int line = idx >= 0 ? idx : -idx - 2;
      return new Location(file, line + 1, offset - starts[line] + 1);
    }
  }
}
