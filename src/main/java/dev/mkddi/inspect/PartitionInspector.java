package dev.mkddi.inspect;

import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Looks inside partitions of a format it knows (a verity superblock, a signature JSON) for {@code
 * mkddi inspect} and {@link ImageInspector}. One implementation per format, adapting that format
 * package's reader; {@link ImageInspector#standard()} lists them. Implementations must be stateless
 * and thread-safe.
 */
public interface PartitionInspector {

  /**
   * Describes one partition, or says nothing when it is not of this inspector's format.
   *
   * @param image the disk image, open for reading (read positionally; do not close)
   * @param imageName how to name the image in messages
   * @param partition the partition: its type, offset and size on {@code image}
   * @return the details, or empty when this inspector does not apply
   * @throws dev.mkddi.io.InvalidInputException when the content is malformed; {@link
   *     ImageInspector} reports it as a warning and goes on
   * @throws IOException on a read failure
   */
  Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition) throws IOException;

  /**
   * Like {@link #inspect(FileChannel, String, InspectedPartition)}, reporting what the content
   * holds that its consumers ignore (an unknown key) as warnings.
   *
   * @param image the disk image, open for reading (read positionally; do not close)
   * @param imageName how to name the image in messages
   * @param partition the partition: its type, offset and size on {@code image}
   * @param listener receives the warnings
   * @return the details, or empty when this inspector does not apply
   * @throws IOException as {@link #inspect(FileChannel, String, InspectedPartition)}
   */
  default Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition, ProgressListener listener)
      throws IOException {
    return inspect(image, imageName, partition);
  }
}
