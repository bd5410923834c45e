package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathGlobTest {
  private static final Map<String, List<String>> TREE =
      Map.of(
          "/", List.of("boot", "usr"),
          "/boot", List.of(".hidden-vmlinuz-1", "Image", "vmlinuz-6.1", "vmlinuz-6.2", "v[1]"),
          "/usr", List.of("lib"),
          "/usr/lib", List.of("modules"),
          "/usr/lib/modules", List.of("6.1", "6.2"),
          "kernels", List.of("a.efi", "b.efi"));

  private static List<String> expand(String pattern) throws Exception {
    return new PathGlob(pattern).expand(d -> TREE.getOrDefault(d, List.of()));
  }

  @Test
  void testIsPattern() {
    assertTrue(PathGlob.isPattern("/boot/vmlinuz-*"));
    assertTrue(PathGlob.isPattern("/boot/vmlinuz-6.?"));
    assertTrue(PathGlob.isPattern("/boot/vmlinuz-6.[12]"));
    assertFalse(PathGlob.isPattern("/boot/vmlinuz-6.1"));
  }

  @Test
  void testExpand_componentByComponent() throws Exception {
    assertEquals(List.of("/boot/vmlinuz-6.1", "/boot/vmlinuz-6.2"), expand("/boot/vmlinuz-*"));
    assertEquals(List.of("/boot/vmlinuz-6.2"), expand("/boot/vmlinuz-6.[!1]"));
    assertEquals(List.of("/boot/vmlinuz-6.1"), expand("/boot/vmlinuz-?.1"));
    assertEquals(
        List.of("/usr/lib/modules/6.1/vmlinuz", "/usr/lib/modules/6.2/vmlinuz"),
        expand("/usr/lib/modules/*/vmlinuz"));
    assertEquals(List.of("/boot/vmlinuz-6.1"), expand("/b*/vmlinuz-6.1"));
    assertEquals(List.of("kernels/a.efi", "kernels/b.efi"), expand("kernels/*.efi"));
  }

  @Test
  void testExpand_dotFilesOnlyByADot_andRegexCharactersAreLiteral() throws Exception {
    assertEquals(List.of("/boot/.hidden-vmlinuz-1"), expand("/boot/.*vmlinuz*"));
    assertEquals(List.of(), expand("/boot/Imag.*"));
    assertEquals(List.of("/boot/Image"), expand("/boot/Imag?"));
    assertEquals(List.of("/boot/v[1]"), expand("/boot/v[[]1]"));
  }
}
