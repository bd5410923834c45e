package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.gpt.GptLayout.Extent;
import dev.mkddi.io.InvalidInputException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GptLayoutTest {
  private static final long MIB = 1 << 20;

  @ParameterizedTest
  @ValueSource(ints = {512, 4096})
  void testPlan_repartAutoSizeExample(int s) throws Exception {
    // spec §6: two 10 MiB partitions and a 16 KiB signature partition give 22056960 bytes
    GptLayout l = GptLayout.plan(s, 4096, List.of(10 * MIB, 10 * MIB, 16384L));
    assertEquals(22056960, l.diskSize());
    assertEquals(
        List.of(
            new Extent(MIB, 10 * MIB), new Extent(11 * MIB, 10 * MIB), new Extent(21 * MIB, 16384)),
        l.extents());
  }

  @Test
  void testPlan_defaultGrainAlignsEveryStartToOneMib() throws Exception {
    GptLayout l = GptLayout.plan(512, GptConstants.DEFAULT_GRAIN, List.of(5000L, 3 * MIB, 1L));
    assertEquals(
        List.of(new Extent(MIB, 5120), new Extent(2 * MIB, 3 * MIB), new Extent(5 * MIB, 512)),
        l.extents());
    assertEquals(2048, l.extents().get(0).firstLba(512));
    assertEquals(2057, l.extents().get(0).lastLba(512));
    GptTable t =
        l.table(
            UUID.randomUUID(),
            List.of(
                l.partition(0, GptTestDisks.ROOT_X86, UUID.randomUUID(), 0, "a"),
                l.partition(1, GptTestDisks.ROOT_X86, UUID.randomUUID(), 0, "b"),
                l.partition(2, GptTestDisks.ROOT_X86, UUID.randomUUID(), 0, "c")));
    assertTrue(t.partitions().get(2).lastLba() <= t.lastUsableLba());
    assertEquals(t.lastUsableLba() + 34, t.totalSectors());
  }

  @Test
  void testPlan_largeGrainMovesFirstPartition() throws Exception {
    GptLayout l = GptLayout.plan(4096, 4 * MIB, List.of(MIB));
    assertEquals(4 * MIB, l.extents().get(0).offset());
  }

  @Test
  void testPlan_fixedDiskSize() throws Exception {
    assertEquals(64 * MIB, GptLayout.plan(512, MIB, List.of(MIB), 64 * MIB).diskSize());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> GptLayout.plan(512, MIB, List.of(MIB), 2 * MIB));
    assertTrue(
        e.getMessage()
            .startsWith(
                "disk size 2097152: expected a multiple of 512 of at" + " least 2114048 bytes"),
        e.getMessage());
  }

  @Test
  void testPlan_badInputs() {
    assertThrows(InvalidInputException.class, () -> GptLayout.plan(1024, MIB, List.of()));
    assertThrows(InvalidInputException.class, () -> GptLayout.plan(512, 2048, List.of()));
    assertThrows(InvalidInputException.class, () -> GptLayout.plan(512, 3 * 4096, List.of()));
    assertThrows(InvalidInputException.class, () -> GptLayout.plan(512, MIB, List.of(0L)));
    assertThrows(InvalidInputException.class, () -> GptLayout.plan(512, MIB, List.of(-5L)));
  }

  @Test
  void testPartition_refusesLongName() throws Exception {
    GptLayout l = GptLayout.plan(512, MIB, List.of(MIB));
    assertThrows(
        InvalidInputException.class,
        () -> l.partition(0, GptTestDisks.ROOT_X86, UUID.randomUUID(), 0, "y".repeat(37)));
  }
}
