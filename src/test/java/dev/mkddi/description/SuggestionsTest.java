package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  @Test
  void testClosest_typosTranspositionsAndCase() {
    List<String> attrs = List.of("verity_partition", "verity_blocks", "veritypartsize");
    assertEquals(Optional.of("verity_partition"), Suggestions.closest("verity_partiton", attrs));
    assertEquals(Optional.of("verity_blocks"), Suggestions.closest("VERITY_BLOKCS", attrs));
    assertEquals(Optional.empty(), Suggestions.closest("kernel", attrs));
    assertEquals(1, Suggestions.distance("ab", "ba"));
    assertEquals(3, Suggestions.distance("", "abc"));
  }
}
