package dev.mkddi.inspect;

import dev.mkddi.gpt.GptReadResult;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sidecar.SideFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks inside a disk image for {@code mkddi inspect} (and {@code verify}): reads its GPT (falling
 * back to the backup), names the partitions by their DPS types, lets each {@link
 * PartitionInspector} describe the partitions of its format, and finds the root hash. Problems that
 * do not stop the inspection go to the {@link ProgressListener} as warnings. Immutable and
 * thread-safe.
 */
public final class ImageInspector {
  private final List<PartitionInspector> inspectors;

  /**
   * @param inspectors the format-specific inspectors, asked in this order for every partition
   */
  public ImageInspector(List<PartitionInspector> inspectors) {
    this.inspectors = List.copyOf(inspectors);
  }

  /**
   * @return an inspector with every format-specific {@link PartitionInspector} mkddi has
   */
  public static ImageInspector standard() {
    return new ImageInspector(
        List.of(
            new VerityInspector(),
            new SignatureInspector(),
            new FilesystemInspector(),
            new EspInspector()));
  }

  /**
   * Inspects an image file or block device.
   *
   * @param image the image
   * @param listener receives warnings (damaged primary GPT, duplicate PARTUUIDs, unreadable
   *     partition content, conflicting root hashes)
   * @return the report
   * @throws dev.mkddi.io.FormatException when the image has no valid GPT
   * @throws IOException when the image cannot be read
   */
  public ImageReport inspect(Path image, ProgressListener listener) throws IOException {
    String name = image.toString();
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      GptReadResult read = GptReader.read(ch, name);
      read.warnings().forEach(listener::warn);
      GptTable t = read.table();
      List<InspectedPartition> parts = new ArrayList<>();
      for (InspectedPartition p : ImageVerifier.partitions(read)) {
        parts.add(p.withDetails(details(ch, name, p, listener)));
      }
      SlotResolver.Lenient found = SlotResolver.lenient(name, SideFiles.of(image), parts, listener);
      return new ImageReport(
          name,
          t.sectorSize(),
          t.diskSize(),
          t.diskGuid(),
          read.backupUsed(),
          parts,
          found.rootHash().orElse(null),
          found.otherSlots());
    }
  }

  private List<PartitionDetails> details(
      FileChannel ch, String name, InspectedPartition p, ProgressListener listener)
      throws IOException {
    List<PartitionDetails> found = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (PartitionInspector inspector : inspectors) {
      try {
        Optional<PartitionDetails> d = inspector.inspect(ch, name, p, listener);
        if (d.isPresent() && keys.add(d.get().key())) {
          found.add(d.get());
        }
      } catch (InvalidInputException e) {
        listener.warn(
            name + ": partition " + p.number() + " (" + p.label() + "): " + e.getMessage());
      }
    }
    return found;
  }
}
