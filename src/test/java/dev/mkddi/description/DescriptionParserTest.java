package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Positions of elements and attributes, and one-line errors for malformed XML. */
class DescriptionParserTest {
  private static final Path FILE = Path.of("config.xml");
  @TempDir Path tmp;

  private static DescriptionException malformed(String xml) {
    return assertThrows(DescriptionException.class, () -> DescriptionParser.parse(FILE, xml));
  }

  @Test
  void testParse_positionsOfElementsAndAttributes() throws Exception {
    String xml =
        "<?xml version=\"1.0\"?>\n<image name=\"a\"\n\tschemaversion='8.5'>\n"
            + "  <preferences><version>1</version></preferences>\n</image>\n";
    XmlElement image = DescriptionParser.parse(FILE, xml);
    assertEquals(new Location(FILE, 2, 1), image.location());
    assertEquals(new Location(FILE, 2, 8), image.attribute("name").orElseThrow().location());
    assertEquals(
        new Location(FILE, 3, 2), image.attribute("schemaversion").orElseThrow().location());
    XmlElement prefs = image.child("preferences").orElseThrow();
    assertEquals(new Location(FILE, 4, 3), prefs.location());
    assertEquals(new Location(FILE, 4, 16), prefs.child("version").orElseThrow().location());
    assertEquals("1", prefs.child("version").orElseThrow().text());
  }

  @Test
  void testParse_crlfAndCrLineEndings_countAsOneLine() throws Exception {
    XmlElement crlf = DescriptionParser.parse(FILE, "<image>\r\n\r\n  <a b=\"1\"/></image>");
    XmlElement a = crlf.child("a").orElseThrow();
    assertEquals(new Location(FILE, 3, 3), a.location());
    assertEquals(new Location(FILE, 3, 6), a.attribute("b").orElseThrow().location());
    XmlElement cr = DescriptionParser.parse(FILE, "<image>\r<a/></image>");
    assertEquals(new Location(FILE, 2, 1), cr.child("a").orElseThrow().location());
  }

  @Test
  void testParse_attributeValueWithEqualsAndQuotes_positionsStayRight() throws Exception {
    XmlElement e = DescriptionParser.parse(FILE, "<type kernelcmdline='a=\"b c\" d=e' x = \"1\"/>");
    assertEquals(new Location(FILE, 1, 7), e.attribute("kernelcmdline").orElseThrow().location());
    assertEquals(new Location(FILE, 1, 35), e.attribute("x").orElseThrow().location());
    assertEquals("a=\"b c\" d=e", e.value("kernelcmdline").orElseThrow());
  }

  @Test
  void testParse_xsiAttribute_namedWithCanonicalPrefix() throws Exception {
    XmlElement e =
        DescriptionParser.parse(
            FILE,
            "<image xmlns:s=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " s:noNamespaceSchemaLocation=\"x.xsd\"/>");
    assertEquals("x.xsd", e.value("xsi:noNamespaceSchemaLocation").orElseThrow());
  }

  @Test
  void testParse_unclosedTag_oneLineWithPosition() {
    assertEquals(
        "config.xml:3:1: malformed XML: Unexpected close tag </image>; expected"
            + " </preferences>.",
        malformed("<image>\n <preferences>\n</image>").getMessage());
  }

  @Test
  void testParse_badAttributeValue_unquoted() {
    assertEquals(
        "config.xml:1:13: malformed XML: Unexpected character 'o' (code 111) in start"
            + " tag Expected a quote",
        malformed("<image name=oops/>").getMessage());
  }

  @Test
  void testParse_truncatedAndEmpty() {
    assertEquals(
        "config.xml:1:17: malformed XML: Unexpected EOF; was expecting a close tag"
            + " for element <version>",
        malformed("<image><version>1").getMessage());
    assertEquals(
        "config.xml:1:1: malformed XML: Unexpected EOF in prolog", malformed("").getMessage());
  }

  @Test
  void testParse_entityAndDoctype_notExpanded() {
    DescriptionException e =
        malformed(
            "<!DOCTYPE image [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + "<image>&x;</image>");
    assertEquals(FILE, e.location().file());
  }

  @Test
  void testParse_encodings_bomAndDeclaredLatin1() throws Exception {
    Path bom = tmp.resolve("bom.xml");
    byte[] body = "<image name=\"ä\"/>".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Files.write(bom, withBom);
    assertEquals("ä", DescriptionParser.parse(bom).value("name").orElseThrow());
    Path latin = tmp.resolve("latin.xml");
    Files.write(
        latin,
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><image name=\"ä\"/>"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertEquals("ä", DescriptionParser.parse(latin).value("name").orElseThrow());
    Path bad = tmp.resolve("bad.xml");
    Files.write(bad, new byte[] {'<', 'a', '>', '\n', (byte) 0xC3, '<', '/', 'a', '>'});
    assertEquals(
        bad + ":2: malformed XML: bytes that are not valid UTF-8",
        assertThrows(DescriptionException.class, () -> DescriptionParser.parse(bad)).getMessage());
  }
}
