package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.io.Hex;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Describes a {@code *-verity} partition: the dm-verity superblock at its start (hash algorithm,
 * format, block sizes, data blocks covered, salt, UUID). The superblock does not state the root
 * hash, so none is offered. Empty A/B slots ({@code _empty}) are skipped: they hold nothing yet.
 * Stateless and thread-safe.
 */
final class VerityInspector implements PartitionInspector {
  /** Shown for an empty salt, as veritysetup dump does. */
  private static final String NO_SALT = "-";

  @Override
  public Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition) throws IOException {
    PartitionType type = partition.type();
    if (type == null || !type.designator().isVerity() || SlotResolver.empty(partition)) {
      return Optional.empty();
    }
    VeritySuperblock sb =
        VeritySuperblock.read(
            image, partition.offset(), imageName + " partition " + partition.number());
    byte[] salt = sb.salt();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("algorithm", sb.hash().veritysetupName());
    fields.put("hashType", sb.hashType().code());
    fields.put("dataBlockSize", sb.dataBlockSize());
    fields.put("hashBlockSize", sb.hashBlockSize());
    fields.put("dataBlocks", sb.dataBlocks());
    fields.put("salt", salt.length == 0 ? NO_SALT : Hex.encode(salt));
    fields.put("uuid", sb.uuid().toString());
    return Optional.of(new PartitionDetails("verity", fields, null));
  }
}
