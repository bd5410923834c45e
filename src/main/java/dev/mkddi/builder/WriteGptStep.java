package dev.mkddi.builder;

import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.gpt.GptWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the protective MBR and both GPT headers and entry arrays, last, with the final PARTUUIDs.
 * Stateless.
 */
final class WriteGptStep {
  private WriteGptStep() {}

  static void run(DiskPlan plan, FileChannel image) throws IOException {
    List<GptPartition> entries = new ArrayList<>();
    int s = plan.sectorSize();
    for (PlannedPartition p : plan.partitions()) {
      GptPartition.checkName(p.label());
      entries.add(
          new GptPartition(
              p.type().guid(),
              p.uuid(),
              p.offset() / s,
              (p.offset() + p.size()) / s - 1,
              p.attributes(),
              p.label()));
    }
    GptWriter.write(image, GptTable.create(s, plan.diskSize(), plan.diskGuid(), entries));
  }
}
