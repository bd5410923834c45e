package dev.mkddi.inspect;

import dev.mkddi.erofs.ErofsProbe;
import dev.mkddi.erofs.ErofsReader;
import dev.mkddi.erofs.Superblock;
import dev.mkddi.ext4.Ext4Probe;
import dev.mkddi.ext4.Ext4Reader;
import dev.mkddi.fat.FatProbe;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsProbe;
import dev.mkddi.squashfs.SquashfsReader;
import dev.mkddi.swap.SwapHeader;
import dev.mkddi.swap.SwapProbe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Recognises the file system in a partition by its magic number (EROFS, squashfs, ext4, swap, FAT)
 * and describes it through that format's reader: type, size, label, UUID, compression. Partitions
 * that hold none of them (verity, signature, empty slots) get nothing. Stateless and thread-safe.
 */
final class FilesystemInspector implements PartitionInspector {
  /**
   * What {@code inspect} shows of a file system.
   *
   * @param type {@code erofs}, {@code squashfs}, {@code ext4}, {@code swap} or {@code vfat}
   * @param size bytes the file system occupies
   * @param label the volume label, or null when the format has none
   * @param uuid the UUID, or null when the format has none
   * @param compression squashfs: the compressor; EROFS: the algorithms used, or {@code none}; else
   *     null
   * @param created the creation time (EROFS, squashfs), or null
   */
  record Details(
      String type,
      long size,
      @Nullable String label,
      @Nullable String uuid,
      @Nullable String compression,
      @Nullable String created) {}

  /** The head read to recognise a file system: the first 4 KiB. */
  private static final int HEAD = 4096;

  /** The file systems a verity-protected root can hold. */
  private static final List<String> ROOT_TYPES = List.of("erofs", "squashfs", "ext4");

  /** The name of {@code verify}'s check. */
  static final String CHECK = "filesystem";

  /**
   * {@code verify}'s report of the file system in a verity-protected partition: EROFS, squashfs or
   * ext4, recognised by its magic; other content is skipped (dm-verity protects any bytes), and a
   * recognised but malformed superblock fails.
   *
   * @param image the disk image
   * @param imageName the image's name for messages
   * @param data the data partition
   * @param designator its designator, for the report
   * @return the check
   * @throws IOException on a read failure
   */
  static VerifyCheck check(
      FileChannel image, String imageName, InspectedPartition data, String designator)
      throws IOException {
    Optional<PartitionDetails> found;
    try {
      found = new FilesystemInspector().inspect(image, imageName, data);
    } catch (InvalidInputException e) {
      return VerifyCheck.failed(CHECK, designator, String.valueOf(e.getMessage()));
    }
    if (found.isPresent()
        && found.get().content() instanceof Details d
        && ROOT_TYPES.contains(d.type())) {
      return VerifyCheck.ok(
          CHECK,
          designator,
          d.type()
              + (d.compression() == null ? "" : ", compression " + d.compression())
              + ", "
              + d.size()
              + " bytes");
    }
    return VerifyCheck.skipped(
        CHECK,
        designator,
        "partition "
            + data.number()
            + " holds no EROFS, squashfs or ext4 file system (no magic number of one): its"
            + " content is not a root file system mkddi knows");
  }

  @Override
  public Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition) throws IOException {
    if (partition.size() < HEAD) {
      return Optional.empty();
    }
    ByteBuffer head = ByteBuffer.allocate(HEAD).order(ByteOrder.LITTLE_ENDIAN);
    PositionalIo.readFully(image, head, partition.offset());
    String name = imageName + " partition " + partition.number();
    Details d = null;
    if (SquashfsProbe.matches(head)) {
      d = squashfs(image, partition.offset(), name);
    } else if (ErofsProbe.matches(head)) {
      d = erofs(image, partition.offset(), name);
    } else if (Ext4Probe.matches(head)) {
      Ext4Reader r = Ext4Reader.open(image, partition.offset(), name);
      d = new Details("ext4", r.sizeBytes(), null, r.uuid().toString(), null, null);
    } else if (SwapProbe.matches(head)) {
      SwapHeader h = SwapHeader.decode(head.duplicate().clear(), name);
      d =
          new Details(
              "swap",
              (h.lastPage() + 1) * h.pageSize(),
              h.label().isEmpty() ? null : h.label(),
              h.uuid().toString(),
              null,
              null);
    } else if (FatProbe.matches(head)) {
      d = new Details("vfat", partition.size(), null, null, null, null);
    }
    return Optional.ofNullable(d).map(x -> new PartitionDetails("filesystem", x, null));
  }

  private static Details squashfs(FileChannel image, long offset, String name) throws IOException {
    try (SquashfsReader r = SquashfsReader.open(image, offset, name)) {
      dev.mkddi.squashfs.Superblock sb = r.superblock();
      String comp = "id " + sb.compression();
      for (SquashfsCompressor c : SquashfsCompressor.values()) {
        if (c.id() == sb.compression()) {
          comp = c.label();
        }
      }
      return new Details(
          "squashfs",
          sb.bytesUsed(),
          null,
          null,
          comp,
          Instant.ofEpochSecond(sb.mkfsTime()).toString());
    }
  }

  private static Details erofs(FileChannel image, long offset, String name) throws IOException {
    Superblock sb = ErofsReader.open(image, offset, name).superblock();
    return new Details(
        "erofs",
        sb.sizeBytes(),
        sb.volumeName().isEmpty() ? null : sb.volumeName(),
        sb.uuid().toString(),
        sb.compressionAlgorithms().isEmpty()
            ? "none"
            : String.join(",", sb.compressionAlgorithms()),
        Instant.ofEpochSecond(sb.buildTime(), sb.buildTimeNanos()).toString());
  }
}
