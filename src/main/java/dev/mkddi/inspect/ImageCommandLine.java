package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.inspect.SlotResolution.Problem;
import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sidecar.SideFiles;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Derives the verity part of the kernel command line of an existing image (mkddi's,
 * systemd-repart's, kiwi's) from its root hash, found as {@code verify} finds it: {@code roothash=}
 * (and {@code usrhash=}) for a DDI with verity partitions; for kiwi's hash tree inside the root
 * partition, the data and hash device by PARTUUID and the hash offset (plus every parameter when
 * there is no superblock). Stateless and thread-safe.
 */
public final class ImageCommandLine {
  private ImageCommandLine() {}

  /**
   * @param image the image
   * @param hashOffset the hash offset inside the root partition, when the user gave it
   * @return the command line, one parameter per element
   * @throws InvalidInputException when no root hash can be found (or the image has no GPT)
   * @throws CheckFailedException when the sources of the root hash disagree
   * @throws IOException when reading fails
   */
  public static List<String> of(Path image, OptionalLong hashOffset) throws IOException {
    String name = image.toString();
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      List<InspectedPartition> parts =
          ImageVerifier.partitions(dev.mkddi.gpt.GptReader.read(ch, name));
      List<SlotResolution> found =
          new SlotResolver(ch, name, parts, SideFiles.of(image), Optional.empty(), hashOffset)
              .resolve();
      boolean anySlot = found.stream().anyMatch(r -> r.slot() != null);
      List<String> words = new ArrayList<>();
      for (SlotResolution r : found) {
        if (r.slot() != null) {
          words.addAll(words(ch, name, r.slot()));
        } else if (r.problem() == Problem.CONFLICT) {
          throw new CheckFailedException(name + ": " + r.message());
        } else if (!(r.problem() == Problem.NO_HASH_DEVICE && anySlot)) {
          throw new InvalidInputException(name + ": no root hash: " + r.message());
        }
      }
      if (words.isEmpty()) {
        throw new InvalidInputException(
            name + ": no root hash: no root or usr partition with a Discoverable Partitions type");
      }
      return List.copyOf(words);
    }
  }

  private static List<String> words(FileChannel ch, String name, VeritySlot s) throws IOException {
    String hashWord = (s.designator() == PartitionDesignator.USR ? "usrhash=" : "roothash=");
    if (!s.inPartition()) {
      return List.of(hashWord + s.rootHash());
    }
    String prefix = "systemd.verity_" + s.designator().designatorName() + "_";
    String uuid = "PARTUUID=" + s.data().uuid();
    return List.of(
        prefix + "data=" + uuid,
        prefix + "hash=" + uuid,
        prefix + "options=" + options(ch, name, s),
        hashWord + s.rootHash());
  }

  /** {@code hash-offset=N} with a superblock; every parameter (veritytab's names) without. */
  private static String options(FileChannel ch, String name, VeritySlot s) throws IOException {
    long at = s.hash().offset() + s.hashOffset();
    VeritySuperblock found;
    try {
      found = VeritySuperblock.read(ch, at, name);
    } catch (InvalidInputException e) {
      found = null;
    }
    if (found != null) {
      // data_blocks 0 is a FormatException naming the field's image byte, not "no superblock"
      VerityParams sb = found.toParams(at, name);
      if (sb.dataBytes() > s.hashOffset()) {
        throw new CheckFailedException(
            name
                + ": the verity superblock at byte "
                + s.hashOffset()
                + " of "
                + SlotResolver.describe(s.data())
                + " covers "
                + sb.dataBytes()
                + " bytes of data, more than the "
                + s.hashOffset()
                + " before it");
      }
      return "hash-offset=" + s.hashOffset();
    }
    VerityParams p = s.kiwiParams();
    if (p == null) {
      throw new InvalidInputException(
          name
              + ": no verity superblock at byte "
              + s.hashOffset()
              + " of "
              + SlotResolver.describe(s.data())
              + " and no kiwi metadata block with the parameters");
    }
    if (p.hashOffset() != s.hashOffset()) {
      throw new CheckFailedException(
          name
              + ": no verity superblock at hash offset "
              + s.hashOffset()
              + ", and kiwi's metadata block puts the hash tree at byte "
              + p.hashOffset());
    }
    return "superblock=no,format="
        + p.hashType().code()
        + ",hash="
        + p.hash().veritysetupName()
        + ",data-block-size="
        + p.dataBlockSize()
        + ",hash-block-size="
        + p.hashBlockSize()
        + ",data-blocks="
        + p.dataBlocks()
        + ",hash-offset="
        + p.hashOffset()
        + (p.salt().length == 0 ? "" : ",salt=" + Hex.encode(p.salt()));
  }
}
