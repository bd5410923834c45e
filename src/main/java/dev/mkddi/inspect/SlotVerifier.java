package dev.mkddi.inspect;

import static dev.mkddi.inspect.SlotResolver.describe;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.KiwiMetadataBlock;
import dev.mkddi.verity.KiwiMetadataConstants;
import dev.mkddi.verity.VerityCheck;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityParams;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * The full dm-verity check of one {@link VeritySlot}, as {@code veritysetup verify} does it: the
 * superblock of the hash device (or kiwi's parameters when there is none), the sizes of both
 * devices, then every hash block and every data block against the root hash, streaming and in
 * parallel. Stateless apart from its arguments; one per slot.
 */
final class SlotVerifier {
  static final String VERITY = "verity";

  private final FileChannel ch;
  private final String name;
  private final VeritySlot slot;
  private final ProgressListener listener;

  /**
   * @param ch the image
   * @param name the image's name, for messages
   * @param listener receives the progress of hashing
   */
  SlotVerifier(FileChannel ch, String name, VeritySlot slot, ProgressListener listener) {
    this.ch = ch;
    this.name = name;
    this.slot = slot;
    this.listener = listener;
  }

  /**
   * @return the outcome of the verity check
   * @throws IOException when reading fails
   */
  VerifyCheck check() throws IOException {
    String d = slot.designator().designatorName();
    InspectedPartition data = slot.data();
    InspectedPartition hash = slot.hash();
    if (slot.hashOffset() >= hash.size()) {
      return VerifyCheck.failed(
          VERITY,
          d,
          "hash offset "
              + slot.hashOffset()
              + " is beyond the end of "
              + describe(hash)
              + " ("
              + hash.size()
              + " bytes)");
    }
    VerityParams p;
    try {
      p = params();
    } catch (InvalidInputException | IllegalArgumentException e) {
      return VerifyCheck.failed(VERITY, d, describe(hash) + ": " + e.getMessage());
    }
    KiwiMetadataBlock kiwi = slot.kiwi();
    if (kiwi != null && p.superblock()) {
      String differs = differs(kiwi.params(), p);
      if (differs != null) {
        long block = data.offset() + data.size() - KiwiMetadataConstants.BLOCK_SIZE;
        String message =
            new FormatException(
                    name,
                    block,
                    "kiwi verity metadata",
                    differs
                        + " (at byte "
                        + slot.hashOffset()
                        + " of "
                        + describe(hash)
                        + "): both record the verity parameters and must agree")
                .getMessage();
        return VerifyCheck.failed(VERITY, d, String.valueOf(message));
      }
    }
    long dataLimit = slot.inPartition() ? slot.hashOffset() : data.size();
    if (p.dataBytes() > dataLimit) {
      return VerifyCheck.failed(
          VERITY,
          d,
          describe(hash)
              + ": the verity parameters cover "
              + p.dataBlocks()
              + " data blocks of "
              + p.dataBlockSize()
              + " bytes ("
              + p.dataBytes()
              + " bytes), "
              + describe(data)
              + " has only "
              + dataLimit
              + (slot.inPartition() ? " before the hash offset" : ""));
    }
    VerityGeometry g;
    try {
      g = VerityGeometry.of(p);
    } catch (IllegalArgumentException e) {
      return VerifyCheck.failed(VERITY, d, describe(hash) + ": " + e.getMessage());
    }
    if (g.hashDeviceSize() > hash.size()) {
      return VerifyCheck.failed(
          VERITY,
          d,
          describe(hash)
              + ": the hash tree needs "
              + g.hashDeviceSize()
              + " bytes, the partition has "
              + hash.size());
    }
    byte[] root = Hex.decode("root hash", slot.rootHash());
    if (root.length != p.hash().digestSize()) {
      return VerifyCheck.failed(
          VERITY,
          d,
          "the root hash has "
              + root.length
              + " bytes, "
              + p.hash()
              + " (the algorithm of "
              + describe(hash)
              + ") makes "
              + p.hash().digestSize()
              + (slot.sources().size() == 1 && slot.sources().get(0).uuidHalves()
                  ? "; PARTUUIDs give only 32 bytes: give --root-hash"
                  : ""));
    }
    VerityCheck c = VerityHashTree.verify(ch, data.offset(), ch, hash.offset(), p, root, listener);
    if (!c.ok()) {
      boolean inData = c.inData();
      long at = (inData ? data.offset() : hash.offset()) + c.offset();
      return VerifyCheck.failed(
          VERITY,
          d,
          describe(inData ? data : hash) + ": " + c.message() + " (image byte " + at + ")");
    }
    return VerifyCheck.ok(
        VERITY,
        d,
        describe(data)
            + ": "
            + ImageVerifier.plural(p.dataBlocks(), "data block")
            + " checked against the hash tree "
            + (slot.inPartition()
                ? "at byte " + slot.hashOffset() + " of it"
                : "in " + describe(hash))
            + " and the root hash ("
            + p.hash()
            + ", "
            + p.dataBlockSize()
            + "/"
            + p.hashBlockSize()
            + "-byte blocks, format "
            + p.hashType().code()
            + (p.superblock() ? "" : ", no superblock: kiwi's parameters")
            + ")");
  }

  /**
   * @return the first parameter in which kiwi's block differs from the superblock, as "salt X
   *     differs from the verity superblock's Y", or null when they agree
   */
  private static @Nullable String differs(VerityParams kiwi, VerityParams sb) {
    String[][] fields = {
      {"salt", kiwi.saltHex(), sb.saltHex()},
      {"hash algorithm", kiwi.hash().veritysetupName(), sb.hash().veritysetupName()},
      {"data block size", "" + kiwi.dataBlockSize(), "" + sb.dataBlockSize()},
      {"hash block size", "" + kiwi.hashBlockSize(), "" + sb.hashBlockSize()},
      {"hash type", "" + kiwi.hashType().code(), "" + sb.hashType().code()},
      {"data blocks", "" + kiwi.dataBlocks(), "" + sb.dataBlocks()},
    };
    for (String[] f : fields) {
      if (!f[1].equals(f[2])) {
        return f[0] + " " + f[1] + " differs from the verity superblock's " + f[2];
      }
    }
    return null;
  }

  /** The superblock's parameters; without a superblock, those of kiwi's metadata block. */
  private VerityParams params() throws IOException {
    long at = slot.hash().offset() + slot.hashOffset();
    try {
      return VeritySuperblock.read(ch, at, name).toParams(slot.hashOffset(), name);
    } catch (InvalidInputException e) {
      if (slot.kiwiParams() != null) {
        return slot.kiwiParams();
      }
      throw e;
    }
  }
}
