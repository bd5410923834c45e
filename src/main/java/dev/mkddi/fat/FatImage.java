package dev.mkddi.fat;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A planned FAT file system: every name, cluster and table decided, ready to be streamed into a
 * channel. Made by {@link FatWriter#plan}. Immutable; {@link #write} may be called several times
 * (each call reads the host files again) but not concurrently on overlapping ranges.
 */
public final class FatImage {
  private final FatTree tree;
  private final FatLayout layout;
  private final FatOptions options;
  private final byte[] label;

  FatImage(FatTree tree, FatLayout layout, FatOptions options, byte[] label) {
    this.tree = tree;
    this.layout = layout;
    this.options = options;
    this.label = label;
  }

  /**
   * @return the layout (FAT type, cluster size, counts)
   */
  public FatGeometry geometry() {
    return layout.geometry();
  }

  /**
   * @return the partition size the file system was planned for
   */
  public long sizeBytes() {
    return options.sizeBytes();
  }

  /**
   * @return bytes of the clusters left free
   */
  public long freeBytes() {
    return (geometry().clusterCount() - layout.usedClusters()) * geometry().clusterBytes();
  }

  /**
   * Writes the whole file system: reserved sectors, both FATs, directories and file contents. Free
   * clusters are not written, so the target range should read as zeros (a new or sparse file) for
   * reproducible bytes.
   *
   * @param ch the target, e.g. the disk image
   * @param offset byte offset of the partition in {@code ch}
   * @param listener receives progress in bytes of file content
   * @throws ImageBuildException when a host file changed size since planning
   * @throws IOException on a read or write failure
   */
  public void write(FileChannel ch, long offset, ProgressListener listener) throws IOException {
    FatGeometry g = geometry();
    FatTime time = FatTime.of(options.timestamp());
    PositionalIo.writeZeros(ch, offset, g.sectorOffset(g.reservedSectors()));
    ByteBuffer boot = BootSector.encode(g, options, label);
    PositionalIo.writeFully(ch, boot.duplicate(), offset);
    if (g.type() == FatType.FAT32) {
      long free = g.clusterCount() - layout.usedClusters();
      ByteBuffer info = BootSector.fsInfo(free, layout.usedClusters() + 1, g.sectorSize());
      long backup = g.sectorOffset(FatConstants.BACKUP_BOOT_SECTOR);
      long infoPos = g.sectorOffset(FatConstants.FSINFO_SECTOR);
      PositionalIo.writeFully(ch, info.duplicate(), offset + infoPos);
      PositionalIo.writeFully(ch, boot.duplicate(), offset + backup);
      PositionalIo.writeFully(ch, info.duplicate(), offset + backup + infoPos);
    }
    FatTable table = new FatTable(layout);
    for (int i = 0; i < FatConstants.FAT_COUNT; i++) {
      table.write(ch, offset + g.sectorOffset(g.reservedSectors() + i * g.fatSectors()));
    }
    byte[] rootLabel = options.label().isEmpty() ? null : label;
    if (g.type() != FatType.FAT32) {
      int len = g.rootEntries() * FatConstants.DIR_ENTRY_SIZE;
      ByteBuffer root = DirectoryEncoder.encode(tree.root(), null, layout, time, rootLabel, len);
      long pos = g.sectorOffset(g.reservedSectors() + FatConstants.FAT_COUNT * g.fatSectors());
      PositionalIo.writeFully(ch, root, offset + pos);
    }
    writeDirectories(ch, offset, tree.root(), null, time, rootLabel);
    try (ProgressListener.Step step = listener.begin("writing ESP files", tree.fileBytes())) {
      for (FatLayout.Extent e : layout.extents()) {
        if (!e.node().directory) {
          writeFile(ch, offset, e, step);
        }
      }
    }
  }

  private void writeDirectories(
      FileChannel ch,
      long offset,
      FatTree.Node dir,
      FatTree.@Nullable Node parent,
      FatTime t,
      byte @Nullable [] label)
      throws IOException {
    FatGeometry g = geometry();
    if (parent != null || g.type() == FatType.FAT32) {
      long first = layout.firstCluster(dir);
      long count = layout.clusterCount(dir);
      int len = Math.toIntExact(count * g.clusterBytes());
      ByteBuffer b =
          DirectoryEncoder.encode(dir, parent, layout, t, parent == null ? label : null, len);
      PositionalIo.writeFully(ch, b, offset + g.clusterOffset(first));
    }
    for (FatTree.Node n : dir.children.values()) {
      if (n.directory) {
        writeDirectories(ch, offset, n, dir, t, null);
      }
    }
  }

  private void writeFile(
      FileChannel ch, long offset, FatLayout.Extent e, ProgressListener.Step step)
      throws IOException {
    FatTree.Node n = e.node();
    FatGeometry g = geometry();
    long pos = e.count() == 0 ? 0 : offset + g.clusterOffset(e.first());
    if (n.entry instanceof FatEntry.Content c) {
      PositionalIo.writeFully(ch, ByteBuffer.wrap(c.content()), pos);
    } else {
      FatEntry.HostFile f = (FatEntry.HostFile) Objects.requireNonNull(n.entry);
      try (FileChannel src = FileChannel.open(f.source(), StandardOpenOption.READ)) {
        if (src.size() != n.size) {
          throw new ImageBuildException(
              "FAT: "
                  + f.source()
                  + " changed size while building ("
                  + n.size
                  + " bytes planned, "
                  + src.size()
                  + " now)");
        }
        long done = 0;
        while (done < n.size) {
          long k = ch.transferFrom(src.position(done), pos + done, n.size - done);
          if (k <= 0) {
            throw new ImageBuildException("FAT: " + f.source() + ": short read at " + done);
          }
          done += k;
        }
      }
    }
    step.advance(n.size);
    long tail = e.count() * g.clusterBytes() - n.size;
    PositionalIo.writeZeros(ch, pos + n.size, tail);
  }
}
