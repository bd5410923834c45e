package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionsTest {
  /** The order systemd's own test and documentation of strverscmp_improved() give, oldest first. */
  private static final List<String> ORDERED =
      List.of(
          "122.1",
          "123~rc1-1",
          "123",
          "123-a",
          "123-a.1",
          "123-1",
          "123-1.1",
          "123^post1",
          "123.a-1",
          "123.1-1",
          "123a-1",
          "124-1");

  @Test
  void testCompare_documentedOrder() {
    for (int i = 0; i < ORDERED.size(); i++) {
      for (int j = 0; j < ORDERED.size(); j++) {
        int want = Integer.compare(i, j);
        assertEquals(
            want,
            Integer.signum(Versions.compare(ORDERED.get(i), ORDERED.get(j))),
            ORDERED.get(i) + " vs " + ORDERED.get(j));
      }
    }
  }

  @Test
  void testCompare_shuffledSortsBack() {
    long seed = 17;
    List<String> l = new ArrayList<>(ORDERED);
    Collections.shuffle(l, new Random(seed));
    l.sort(Versions.ORDER);
    assertEquals(ORDERED, l, "seed " + seed);
  }

  @Test
  void testCompare_numbersByValueAndSeparatorsDropped() {
    assertTrue(Versions.compare("2", "10") < 0);
    assertTrue(Versions.compare("1.9", "1.10") < 0);
    assertEquals(0, Versions.compare("00123", "123"));
    assertEquals(0, Versions.compare("123_a", "123a"));
    assertTrue(Versions.compare("1.0", "1.0.1") < 0);
    assertTrue(Versions.compare("abc", "abcde") < 0);
    assertTrue(Versions.compare("1a", "12") < 0);
    assertTrue(Versions.compare("", "0") < 0);
    assertTrue(Versions.compare("img_1.2", "img_1.10") < 0);
  }

  @Test
  void testValidForSysupdate() {
    assertTrue(Versions.validForSysupdate("1.2.0"));
    assertTrue(Versions.validForSysupdate("2024,1_2-3+4"));
    assertFalse(Versions.validForSysupdate(""));
    assertFalse(Versions.validForSysupdate("1~rc1"));
    assertFalse(Versions.validForSysupdate("1/2"));
    assertFalse(Versions.validForSysupdate(".."));
  }
}
