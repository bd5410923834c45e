package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kiwi's conversion steps from 7.4 to 8.5, applied in memory. */
class SchemaUpgradeTest {
  private static final Path FILE = Path.of("config.xml");

  private static XmlElement upgrade(String version, String body) throws Exception {
    return SchemaUpgrade.upgrade(
        DescriptionParser.parse(
            FILE, "<image schemaversion=\"" + version + "\" name=\"x\">" + body + "</image>"));
  }

  private static XmlElement find(XmlElement e, String name) {
    if (e.name().equals(name)) {
      return e;
    }
    for (XmlElement c : e.children()) {
      XmlElement f = find(c, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  @Test
  void testUpgrade_74_additionalTagsBecomeNames() throws Exception {
    XmlElement up =
        upgrade(
            "7.4",
            "<preferences><type image=\"docker\"><containerconfig"
                + " additionaltags=\"a,b\"/></type></preferences>");
    assertEquals(Optional.of(":a,:b"), find(up, "containerconfig").value("additionalnames"));
    assertEquals(Optional.empty(), find(up, "containerconfig").value("additionaltags"));
    assertEquals(Optional.of("8.5"), up.value("schemaversion"));
  }

  @Test
  void testUpgrade_75_dnfBecomesDnf4_onlyBelow76() throws Exception {
    String body = "<preferences><packagemanager>dnf</packagemanager></preferences>";
    assertEquals("dnf4", find(upgrade("7.5", body), "packagemanager").text());
    assertEquals("dnf", find(upgrade("7.6", body), "packagemanager").text());
  }

  @Test
  void testUpgrade_80and81_repositoryAttributesDropped() throws Exception {
    String body =
        "<repository type=\"rpm-dir\" use_for_bootstrap=\"true\"/>"
            + "<repository type=\"rpm-md\"/>";
    XmlElement up = upgrade("8.0", body);
    assertEquals(Optional.empty(), up.children("repository").get(0).value("type"));
    assertEquals(Optional.empty(), up.children("repository").get(0).value("use_for_bootstrap"));
    assertEquals(Optional.of("rpm-md"), up.children("repository").get(1).value("type"));
    XmlElement from82 = upgrade("8.2", body);
    assertEquals(Optional.of("rpm-dir"), from82.children("repository").get(0).value("type"));
    assertEquals(
        Optional.of("true"), from82.children("repository").get(0).value("use_for_bootstrap"));
  }

  @Test
  void testUpgrade_82_snapshotRenamedAtSamePosition() throws Exception {
    XmlElement up =
        upgrade("8.2", "<preferences><type btrfs_root_is_snapshot=\"true\"/>" + "</preferences>");
    XmlAttribute a = find(up, "type").attribute("btrfs_root_is_snapper_snapshot").orElseThrow();
    assertEquals("true", a.value());
    assertEquals(new Location(FILE, 1, 56), a.location());
  }

  @Test
  void testUpgrade_83_consoleSplit() throws Exception {
    XmlElement two = find(upgrade("8.3", "<bootloader console=\"serial gfxterm\"/>"), "bootloader");
    assertEquals(Optional.of("serial"), two.value("output_console"));
    assertEquals(Optional.of("gfxterm"), two.value("input_console"));
    XmlElement one = find(upgrade("8.3", "<bootloader console=\"serial\"/>"), "bootloader");
    assertEquals(Optional.of("serial"), one.value("output_console"));
    assertEquals(Optional.empty(), one.value("input_console"));
    assertEquals(
        Optional.of("serial"),
        find(upgrade("8.4", "<bootloader console=\"serial\"/>"), "bootloader").value("console"));
  }

  @Test
  void testUpgrade_84_vgaDropped() throws Exception {
    assertEquals(
        Optional.empty(), find(upgrade("8.4", "<type vga=\"0x318\"/>"), "type").value("vga"));
  }

  @Test
  void testUpgrade_current_unchanged() throws Exception {
    XmlElement e =
        DescriptionParser.parse(
            FILE, "<image schemaversion=\"8.5\"><type vga=\"1\"/>" + "</image>");
    assertSame(e, SchemaUpgrade.upgrade(e));
  }

  @Test
  void testUpgrade_missingOrUnknownVersion_refused() {
    DescriptionException missing =
        assertThrows(DescriptionException.class, () -> upgrade("", "").withText(""));
    assertTrue(
        missing.getMessage().contains("unsupported schemaversion \"\""), missing.getMessage());
    DescriptionException none =
        assertThrows(
            DescriptionException.class,
            () -> SchemaUpgrade.upgrade(DescriptionParser.parse(FILE, "<image/>")));
    assertEquals(
        "config.xml:1:1: <image> lacks the attribute schemaversion (kiwi schema 7.4 to" + " 8.5)",
        none.getMessage());
    assertTrue(
        assertThrows(DescriptionException.class, () -> upgrade("6.9", ""))
            .getMessage()
            .contains("older than 7.4"));
  }
}
