package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.io.Hex;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Describes a {@code *-verity} partition: the dm-verity superblock at its start (hash algorithm,
 * format, block sizes, data blocks covered, salt, UUID). The superblock does not state the root
 * hash, so none is offered. Empty A/B slots ({@code _empty}) are skipped: they hold nothing yet.
 * Stateless and thread-safe.
 */
final class VerityInspector implements PartitionInspector {
  /**
   * The superblock's fields, as {@code inspect} shows them.
   *
   * @param algorithm the hash, veritysetup's name
   * @param hashType the format (1 normal, 0 Chrome OS)
   * @param dataBlockSize the data block size
   * @param hashBlockSize the hash block size
   * @param dataBlocks the data blocks covered
   * @param salt the salt in hex, {@code -} when empty
   * @param uuid the superblock UUID
   */
  record Superblock(
      String algorithm,
      int hashType,
      int dataBlockSize,
      int hashBlockSize,
      long dataBlocks,
      String salt,
      String uuid) {}

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
    Superblock fields =
        new Superblock(
            sb.hash().veritysetupName(),
            sb.hashType().code(),
            sb.dataBlockSize(),
            sb.hashBlockSize(),
            sb.dataBlocks(),
            salt.length == 0 ? NO_SALT : Hex.encode(salt),
            sb.uuid().toString());
    return Optional.of(new PartitionDetails("verity", fields, null));
  }
}
