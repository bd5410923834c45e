package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.jspecify.annotations.Nullable;
import org.xml.sax.ContentHandler;
import org.xml.sax.DTDHandler;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.LocatorImpl;

/**
 * Validates a (merged, upgraded) description tree against {@code schemas/mkddi.xsd} with {@code
 * javax.xml.validation}. The tree is replayed as SAX events whose locator reports each element's
 * original file, line and column, so errors point into the user's files; the validator's messages
 * are rewritten into one line naming the element or attribute. Thread-safe (the compiled schema is
 * immutable; each call uses its own validator).
 */
final class SchemaValidator {
  /** Where the schema lives on the class path (also {@code schemas/mkddi.xsd} in the sources). */
  static final String SCHEMA_RESOURCE = "mkddi.xsd";

  private static final String LOCALE_PROPERTY = "http://apache.org/xml/properties/locale";
  private static final Pattern CODE = Pattern.compile("^cvc-[a-zA-Z0-9.-]+: ");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  /** mkddi.xsd's patterns, in words. */
  private static final Map<String, String> PATTERNS =
      Map.of(
          "\\d+|all",
          "a whole number or \"all\"",
          "\\d+|\\d+M|\\d+G",
          "a size: a whole number of MiB, or with the suffix M or G (e.g. 500, 500M, 2G)",
          "[a-zA-Z0-9_\\-\\.]{1,32}",
          "1 to 32 letters, digits, _, - or .",
          "[a-zA-Z0-9_\\-\\.]+",
          "letters, digits, _, - or .",
          "[a-zA-Z0-9_\\-\\.:]+(,[a-zA-Z0-9_\\-\\.:]+)*",
          "a comma-separated list of names (letters, digits, _, -, . or :)");

  /** Xerces' bound facets, as a comparison. */
  private static final Map<String, String> BOUNDS =
      Map.of(
          "cvc-minInclusive-valid", "≥",
          "cvc-maxInclusive-valid", "≤",
          "cvc-minExclusive-valid", ">",
          "cvc-maxExclusive-valid", "<");

  /** {@code (a|b|c)(,(a|b|c))*}: a comma-separated list of words. */
  private static final Pattern WORD_LIST = Pattern.compile("\\(([\\w|]+)\\)\\(,\\(\\1\\)\\)\\*");

  /** {@code (a|b|c)} or {@code a|b|c}: one word. */
  private static final Pattern WORD_CHOICE = Pattern.compile("\\(?([\\w]+(?:\\|[\\w]+)+)\\)?");

  private SchemaValidator() {}

  /**
   * Compiles the schema unless done: what {@link #validate} needs first. On another thread, ahead
   * of a {@link #validate}, it overlaps the compilation (a tenth of a second) with other work; a
   * validation started meanwhile waits for it (the JVM initializes a class once).
   */
  static void ensureCompiled() {
    Objects.requireNonNull(Holder.SCHEMA);
  }

  /** Compiles the schema once, on first use. */
  private static final class Holder {
    static final Schema SCHEMA = compile();

    private static Schema compile() {
      URL url = SchemaValidator.class.getResource(SCHEMA_RESOURCE);
      if (url == null) {
        throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
      }
      try {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        return f.newSchema(url);
      } catch (SAXException e) {
        throw new IllegalStateException("mkddi.xsd does not compile: " + e.getMessage(), e);
      }
    }
  }

  /**
   * @param image the root element
   * @throws DescriptionException for the first violation, in document order
   */
  static void validate(XmlElement image) throws DescriptionException {
    Validator v = Holder.SCHEMA.newValidator();
    try {
      v.setProperty(LOCALE_PROPERTY, Locale.ENGLISH);
    } catch (SAXException ignored) {
      // another JAXP implementation: messages in its default language
    }
    Replay replay = new Replay(image);
    v.setErrorHandler(replay);
    try {
      v.validate(new SAXSource(replay, new InputSource()));
    } catch (SAXException | IOException e) {
      if (replay.errors.isEmpty()) {
        throw new DescriptionException(
            image.location(), "schema validation failed: " + e.getMessage());
      }
    }
    if (!replay.errors.isEmpty()) {
      throw explain(replay.errors);
    }
  }

  /** Turns the first violation (and its companion message, if any) into one line. */
  private static DescriptionException explain(List<Violation> errors) {
    Violation first = errors.get(0);
    String code = code(first.message);
    String detail = shortened(CODE.matcher(first.message).replaceFirst(""));
    XmlElement e = first.element;
    boolean facet =
        code.startsWith("cvc-enumeration-valid")
            || code.startsWith("cvc-pattern-valid")
            || code.startsWith("cvc-datatype-valid")
            || code.startsWith("cvc-min")
            || code.startsWith("cvc-max")
            || code.startsWith("cvc-length")
            || code.startsWith("cvc-totalDigits");
    if (facet && errors.size() > 1 && code(errors.get(1).message).equals("cvc-attribute.3")) {
      List<String> q = quoted(errors.get(1).message);
      String attr = q.size() > 1 ? q.get(1) : "";
      Location at = e.attribute(attr).map(XmlAttribute::location).orElse(e.location());
      return new DescriptionException(
          at,
          "<"
              + e.name()
              + " "
              + attr
              + "=\""
              + Excerpt.of(e.value(attr).orElse(""))
              + "\">: "
              + expectation(code, detail));
    }
    if (facet) {
      return new DescriptionException(
          e.location(),
          e.tag()
              + " contains \""
              + Excerpt.of(e.text().strip())
              + "\": "
              + expectation(code, detail));
    }
    List<String> q = quoted(detail);
    switch (code) {
      case "cvc-complex-type.4":
        return new DescriptionException(
            e.location(), e.tag() + " lacks the required attribute " + q.get(0));
      case "cvc-complex-type.2.4.a":
        return new DescriptionException(
            e.location(),
            "<"
                + q.get(0)
                + "> is not expected here;"
                + " expected "
                + expectedElements(q.size() > 1 ? q.get(1) : ""));
      case "cvc-complex-type.2.4.b":
        return new DescriptionException(
            e.location(),
            e.tag() + " is incomplete; expected " + expectedElements(q.size() > 1 ? q.get(1) : ""));
      case "cvc-complex-type.2.4.d":
        return new DescriptionException(
            e.location(),
            "<" + q.get(0) + "> is not expected here (too many, or in the wrong place)");
      case "cvc-complex-type.2.1":
      case "cvc-complex-type.2.3":
        return new DescriptionException(e.location(), e.tag() + " must not contain text");
      default:
        return new DescriptionException(e.location(), detail);
    }
  }

  /**
   * The validator's message with its first quotation, the value or name from the input, cut ({@link
   * Excerpt}); the later ones (the schema's patterns and lists) stay whole.
   */
  private static String shortened(String message) {
    Matcher m = QUOTED.matcher(message);
    if (!m.find()) {
      return message;
    }
    return message.substring(0, m.start(1)) + Excerpt.of(m.group(1)) + message.substring(m.end(1));
  }

  private static String expectation(String code, String detail) {
    List<String> q = quoted(detail);
    if (code.startsWith("cvc-enumeration-valid") && q.size() > 1) {
      String list = q.get(1).replaceAll("^\\[|\\]$", "");
      return "expected one of " + list;
    }
    if (code.startsWith("cvc-pattern-valid") && q.size() > 1) {
      return "expected " + PATTERNS.getOrDefault(q.get(1), alternatives(q.get(1)));
    }
    if (code.startsWith("cvc-datatype-valid") && q.size() > 1) {
      return "expected " + typeName(q.get(1));
    }
    String bound = BOUNDS.get(code);
    if (bound != null && q.size() > 2) {
      String number = typeName(q.get(2)).replace(" above 0", "");
      return "expected " + number + " " + bound + " " + q.get(1);
    }
    if (code.startsWith("cvc-maxLength-valid") && q.size() > 2) {
      return "expected at most " + q.get(2) + " characters";
    }
    if (code.startsWith("cvc-minLength-valid") && q.size() > 2) {
      return "expected at least " + q.get(2) + " characters";
    }
    return detail;
  }

  /** A value of a built-in type, in words. */
  private static String typeName(String type) {
    switch (type) {
      case "boolean":
        return "true or false";
      case "nonNegativeInteger":
      case "integer":
      case "positiveInteger":
      case "unsignedInt":
      case "unsignedLong":
      case "int":
      case "long":
        return "a whole number" + ("positiveInteger".equals(type) ? " above 0" : "");
      default:
        return type.startsWith("#") ? "a value" : "a value of type " + type;
    }
  }

  /**
   * A pattern that only lists words, like {@code (a|b)(,(a|b))*}, in words; else a generic hint
   * (mkddi.xsd's patterns are all in {@link #PATTERNS}).
   */
  private static String alternatives(String pattern) {
    Matcher m = WORD_LIST.matcher(pattern);
    if (m.matches()) {
      return "a comma-separated list of " + m.group(1).replace("|", ", ");
    }
    Matcher one = WORD_CHOICE.matcher(pattern);
    if (one.matches()) {
      return "one of " + one.group(1).replace("|", ", ");
    }
    return "a value of another form";
  }

  private static String expectedElements(String braced) {
    String inner = braced.replaceAll("^\\{|\\}$", "").strip();
    if (inner.isEmpty()) {
      return "nothing more";
    }
    List<String> names = new ArrayList<>();
    for (String s : inner.split(",")) {
      String n = s.strip();
      names.add("<" + n.substring(n.indexOf(':') + 1).replace("\"", "") + ">");
    }
    return names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
  }

  private static String code(String message) {
    Matcher m = CODE.matcher(message);
    return m.find() ? m.group().substring(0, m.group().length() - 2) : "";
  }

  private static List<String> quoted(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = QUOTED.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** One validation error and the element being replayed when it was reported. */
  private record Violation(XmlElement element, String message) {}

  /** Replays the tree as SAX events with original positions; collects errors. */
  private static final class Replay implements XMLReader, ErrorHandler {
    private final XmlElement root;
    private final LocatorImpl locator = new LocatorImpl();
    private final List<Violation> errors = new ArrayList<>();
    private @Nullable ContentHandler handler;
    private @Nullable ErrorHandler ignoredErrorHandler;
    private @Nullable XmlElement current;

    private ContentHandler contentHandler() {
      return Objects.requireNonNull(handler, "no content handler set");
    }

    Replay(XmlElement root) {
      this.root = root;
    }

    @Override
    public void parse(InputSource input) throws SAXException {
      ContentHandler h = contentHandler();
      h.setDocumentLocator(locator);
      moveTo(root);
      h.startDocument();
      emit(root);
      h.endDocument();
    }

    private void emit(XmlElement e) throws SAXException {
      moveTo(e);
      AttributesImpl atts = new AttributesImpl();
      for (XmlAttribute a : e.attributes()) {
        if (!a.name().startsWith("xsi:")) {
          atts.addAttribute("", a.name(), a.name(), "CDATA", a.value());
        }
      }
      String qname = e.namespace().isEmpty() ? e.name() : "x:" + e.name();
      if (!e.namespace().isEmpty()) {
        contentHandler().startPrefixMapping("x", e.namespace());
      }
      contentHandler().startElement(e.namespace(), e.name(), qname, atts);
      if (!e.text().isEmpty()) {
        char[] chars = e.text().toCharArray();
        contentHandler().characters(chars, 0, chars.length);
      }
      for (XmlElement c : e.children()) {
        emit(c);
      }
      moveTo(e);
      contentHandler().endElement(e.namespace(), e.name(), qname);
      if (!e.namespace().isEmpty()) {
        contentHandler().endPrefixMapping("x");
      }
    }

    private void moveTo(XmlElement e) {
      current = e;
      locator.setSystemId(e.location().file().toString());
      locator.setLineNumber(e.location().line());
      locator.setColumnNumber(e.location().column());
    }

    @Override
    public void warning(SAXParseException e) {
      // schema warnings are not reported
    }

    @Override
    public void error(SAXParseException e) {
      errors.add(
          new Violation(
              Objects.requireNonNull(current, "an error before the first element"),
              e.getMessage() == null ? "invalid" : e.getMessage()));
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      error(e);
      throw e;
    }

    @Override
    public void parse(String systemId) throws SAXException {
      parse(new InputSource(systemId));
    }

    @Override
    public boolean getFeature(String name) throws SAXNotRecognizedException {
      if (name.equals("http://xml.org/sax/features/namespaces")) {
        return true;
      }
      if (name.equals("http://xml.org/sax/features/namespace-prefixes")) {
        return false;
      }
      throw new SAXNotRecognizedException(name);
    }

    @Override
    public void setFeature(String name, boolean value) {
      // the replay always reports namespaces and never prefixes as attributes
    }

    @Override
    public Object getProperty(String name) throws SAXNotRecognizedException {
      throw new SAXNotRecognizedException(name);
    }

    @Override
    public void setProperty(String name, Object value) throws SAXNotRecognizedException {
      throw new SAXNotRecognizedException(name);
    }

    @Override
    public void setEntityResolver(EntityResolver resolver) {}

    @Override
    public @Nullable EntityResolver getEntityResolver() {
      return null;
    }

    @Override
    public void setDTDHandler(DTDHandler dtdHandler) {}

    @Override
    public @Nullable DTDHandler getDTDHandler() {
      return null;
    }

    @Override
    public void setContentHandler(ContentHandler contentHandler) {
      this.handler = contentHandler;
    }

    @Override
    public @Nullable ContentHandler getContentHandler() {
      return handler;
    }

    @Override
    public void setErrorHandler(ErrorHandler errorHandler) {
      this.ignoredErrorHandler = errorHandler;
    }

    @Override
    public @Nullable ErrorHandler getErrorHandler() {
      return ignoredErrorHandler;
    }
  }
}
