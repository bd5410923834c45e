package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.builder.TestImages.Kind;
import dev.mkddi.io.RecordingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerityInspectorTest {
  @TempDir Path dir;

  private final RecordingListener listener = new RecordingListener();

  @Test
  void testInspect_superblockFieldsOfVerityPartition() throws Exception {
    Path img = TestImages.build(dir, Kind.AB);
    ImageReport r = ImageInspector.standard().inspect(img, listener);
    assertEquals(List.of(), listener.warnings()); // the _empty verity slot is not read
    assertEquals(
        List.of("filesystem"),
        r.partitions().get(0).details().stream().map(PartitionDetails::key).toList());
    assertEquals(List.of(), r.partitions().get(3).details());
    PartitionDetails d = r.partitions().get(1).details().get(0);
    assertEquals("verity", d.key());
    assertNull(d.rootHash());
    Map<String, Object> f = d.fields();
    assertEquals(
        List.of(
            "algorithm",
            "hashType",
            "dataBlockSize",
            "hashBlockSize",
            "dataBlocks",
            "salt",
            "uuid"),
        List.copyOf(f.keySet()));
    assertEquals("sha256", f.get("algorithm"));
    assertEquals(1, f.get("hashType"));
    assertEquals(4096, f.get("dataBlockSize"));
    assertEquals(256L, f.get("dataBlocks")); // update_slot_size="1": 1 MiB of data blocks
    assertTrue(((String) f.get("salt")).matches("[0-9a-f]{64}"), f.toString());
  }

  @Test
  void testInspect_damagedSuperblockIsAWarning() throws Exception {
    Path img = TestImages.build(dir, Kind.UNSIGNED);
    TestImages.flip(img, TestImages.partitions(img).get(1).offset() + 8);
    ImageReport r = ImageInspector.standard().inspect(img, listener);
    assertEquals(List.of(), r.partitions().get(1).details());
    assertEquals(1, listener.warnings().size());
    assertTrue(
        listener.warnings().get(0).contains("partition 2 (root-x86-64-verity): ")
            && listener.warnings().get(0).contains("verity superblock version: expected 1, got "),
        listener.warnings().get(0));
  }
}
