package dev.mkddi.ext4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtentTreeTest {
  @ParameterizedTest
  @CsvSource({
    "0, ''",
    "4, ''",
    "5, 1",
    "1360, 4",
    "1361, 1 5",
    "462400, 4 1360",
    "462401, 1 5 1361"
  })
  void testLevels_asShallowAndNarrowAsPossible(int extents, String expected) {
    int[] want =
        expected.isEmpty()
            ? new int[0]
            : java.util.Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
    assertArrayEquals(want, ExtentTree.levels(extents));
  }
}
