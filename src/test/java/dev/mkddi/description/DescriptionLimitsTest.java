package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input cost is bounded: oversized names, values, texts, nesting, element counts and files are
 * refused with one short line at their position, before any work grows with their size squared;
 * long values are cut in messages.
 */
class DescriptionLimitsTest {
  /** Longest message any of these inputs may produce: the values are cut, not echoed. */
  private static final int SHORT = 300;

  private static final String HEAD =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          + "<image schemaversion=\"8.5\" name=\"minimal\">\n"
          + "  <description type=\"system\"><author>a</author><contact>c</contact>"
          + "<specification>s</specification></description>\n";
  private static final String PREFERENCES =
      "  <preferences>\n    <version>1.0.0</version>\n"
          + "    <type image=\"oem\" filesystem=\"erofs\" verity_blocks=\"all\"/>\n"
          + "  </preferences>\n";

  @TempDir Path tmp;

  private Path write(String xml) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d"));
    Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(dir.resolve("root/etc/os-release"), "ID=test\n");
    return Files.writeString(dir.resolve("config.xml"), xml);
  }

  private DescriptionException refused(String xml) throws IOException {
    Path file = write(xml);
    DescriptionException e =
        assertThrows(
            DescriptionException.class,
            () ->
                DescriptionLoader.load(
                    file.getParent(), LoadOptions.forArch("x86_64"), ProgressListener.NONE));
    assertTrue(e.getMessage().length() < SHORT, e.getMessage().length() + ": " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void testLoad_megabyteAttributeName_refusedAtItsPositionWithoutEcho() throws Exception {
    String name = "a".repeat(1 << 20);
    DescriptionException e =
        refused(HEAD + PREFERENCES.replace("<preferences>", "<preferences " + name + "=\"1\">"));
    assertEquals(new Location(e.location().file(), 4, 16), e.location());
    assertTrue(
        e.getMessage().endsWith(": attribute name of 1048576 characters, at most 256 allowed"),
        e.getMessage());
    assertTrue(e.getMessage().contains("a…"), e.getMessage());
  }

  @Test
  void testLoad_longElementName_refused() throws Exception {
    String name = "b".repeat(100_000);
    DescriptionException e = refused(HEAD + PREFERENCES + "  <" + name + "/>\n</image>\n");
    assertEquals(8, e.location().line());
    assertEquals(3, e.location().column());
    assertTrue(
        e.getMessage().endsWith(": element name of 100000 characters, at most 256 allowed"),
        e.getMessage());
  }

  @Test
  void testLoad_longAttributeValue_refused() throws Exception {
    String value = "c".repeat(70_000);
    DescriptionException e =
        refused(
            HEAD
                + PREFERENCES.replace("verity_blocks=\"all\"", "kernelcmdline=\"" + value + "\"")
                + "</image>\n");
    assertEquals(6, e.location().line());
    assertTrue(
        e.getMessage()
            .endsWith(
                "<type kernelcmdline=\"ccc"
                    + "c".repeat(61)
                    + "…\">: value of 70000 characters, at most 65536 allowed"),
        e.getMessage());
  }

  @Test
  void testLoad_manyAttributes_refused() throws Exception {
    StringBuilder attrs = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      attrs.append(" a").append(i).append("=\"1\"");
    }
    DescriptionException e =
        refused(HEAD + PREFERENCES.replace("<preferences>", "<preferences" + attrs + ">"));
    assertEquals(new Location(e.location().file(), 4, 3), e.location());
    assertTrue(
        e.getMessage().endsWith("<preferences>: 300 attributes, at most 256 allowed"),
        e.getMessage());
  }

  @Test
  void testLoad_longText_refused() throws Exception {
    DescriptionException e =
        refused(HEAD + PREFERENCES.replace("1.0.0", "1".repeat((1 << 20) + 1)) + "</image>\n");
    assertEquals(new Location(e.location().file(), 5, 5), e.location());
    assertTrue(
        e.getMessage().endsWith("<version>: text of 1048577 characters, at most 1048576 allowed"),
        e.getMessage());
  }

  @Test
  void testLoad_deepNesting_refused() throws Exception {
    DescriptionException e =
        refused(HEAD + "<x>".repeat(100) + "</x>".repeat(100) + PREFERENCES + "</image>\n");
    assertEquals(4, e.location().line());
    assertTrue(
        e.getMessage().endsWith("<x>: nested 65 elements deep, at most 64 allowed"),
        e.getMessage());
  }

  @Test
  void testLoad_tooManyElements_refused() throws Exception {
    DescriptionException e =
        refused(HEAD + "<author/>".repeat(100_000) + PREFERENCES + "</image>\n");
    assertEquals(4, e.location().line());
    assertTrue(
        e.getMessage().endsWith("<author>: more than 100000 elements, the most allowed"),
        e.getMessage());
  }

  @Test
  void testLoad_fileLargerThan16MiB_refusedBeforeParsing() throws Exception {
    String name = "a".repeat(64 << 20);
    DescriptionException e =
        refused(HEAD + PREFERENCES.replace("<preferences>", "<preferences " + name + "=\"1\">"));
    assertEquals(0, e.location().line());
    assertTrue(
        e.getMessage().endsWith(" bytes, a description file may have at most 16 MiB"),
        e.getMessage());
  }

  @Test
  void testLoad_includesBeyond16MiBTogether_refused() throws Exception {
    Path file = write(HEAD + PREFERENCES + "</image>\n");
    Files.writeString(
        file.resolveSibling("big.xml"),
        "<image>" + "<!--" + "x".repeat(6 << 20) + "-->" + "</image>",
        StandardCharsets.UTF_8);
    String includes = "  <include from=\"this://big.xml\"/>\n".repeat(3);
    DescriptionException e = refused(HEAD + includes + PREFERENCES + "</image>\n");
    assertEquals(new Location(e.location().file(), 6, 12), e.location());
    assertTrue(
        e.getMessage().contains("the description and its includes exceed 16 MiB together"),
        e.getMessage());
  }

  @Test
  void testLoad_longSchemaViolatingValue_cutInMessage() throws Exception {
    String value = "x".repeat(10_000);
    DescriptionException e =
        refused(
            HEAD
                + PREFERENCES.replace("verity_blocks=\"all\"", "verity_blocks=\"" + value + "\"")
                + "</image>\n");
    assertTrue(e.getMessage().contains("x…"), e.getMessage());
  }

  @Test
  void testLoad_longRequiresChain_noStackOverflow() throws Exception {
    int n = 30_000;
    StringBuilder profiles = new StringBuilder("  <profiles>\n");
    for (int i = 0; i < n; i++) {
      profiles.append("<profile name=\"p").append(i).append("\" description=\"d\"");
      profiles.append(">");
      if (i + 1 < n) {
        profiles.append("<requires profile=\"p").append(i + 1).append("\"/>");
      }
      profiles.append("</profile>\n");
    }
    profiles.append("  </profiles>\n");
    Path file = write(HEAD + profiles + PREFERENCES + "</image>\n");
    ImageDescription d =
        DescriptionLoader.load(
            file.getParent(),
            LoadOptions.forArch("x86_64").withProfiles(List.of("p0")),
            ProgressListener.NONE);
    assertEquals(n, d.profiles().size());
  }

  @Test
  void testClosest_longWord_noSuggestionAndNoQuadraticTable() {
    // the distance table of a 50M-character word would need 1 GB per candidate
    assertEquals(
        Optional.empty(),
        Suggestions.closest("a".repeat(50_000_000), List.of("name", "displayname")));
  }

  @Test
  void testLoad_longListValue_validatedWithoutStackOverflow() throws Exception {
    // the schema's list patterns, (name)(,name)*, over the longest value allowed
    String profiles = "a," + "b,".repeat(DescriptionLimits.MAX_ATTRIBUTE_LENGTH / 2 - 2) + "c";
    DescriptionException e =
        refused(
            HEAD
                + "  <profiles><profile name=\"a\" description=\"d\"/></profiles>\n"
                + PREFERENCES.replace(
                    "<preferences>", "<preferences profiles=\"" + profiles + "\">")
                + "</image>\n");
    assertTrue(
        e.getMessage().contains("names profile \"b\", which no <profile> defines"), e.getMessage());
  }
}
