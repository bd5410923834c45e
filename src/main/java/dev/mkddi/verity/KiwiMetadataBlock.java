package dev.mkddi.verity;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads kiwi's verity metadata block ({@code embed_verity_metadata="true"}): the last 4 KiB of a
 * root partition that holds its own hash tree, {@code "<version> <fs> ro verity" 0xFF "<hash type>
 * <data block size> <hash block size> <data blocks> <hash start block> <algorithm> <root hash>
 * <salt>" 0xFF 0x00} and a signature. kiwi formats such partitions with {@code veritysetup
 * --no-superblock}, so this block is the only record of the verity parameters; the hash start block
 * counts hash blocks from the start of the partition. Immutable and thread-safe.
 *
 * @param params the verity parameters (no superblock; hash offset from the partition start)
 * @param rootHash the root hash, lower-case hex
 * @param signed the bytes the signature covers: the header and fields up to the final 0xFF 0x00
 * @param tail the rest of the block: the signature (as long as the key's modulus), then zeros
 */
public record KiwiMetadataBlock(VerityParams params, String rootHash, byte[] signed, byte[] tail) {
  private static final byte SEPARATOR = (byte) 0xFF;
  private static final Pattern HEADER = Pattern.compile("[0-9]+ [^ ]+ ro verity");
  private static final int FIELDS = 8;

  /**
   * Reads the block at the end of a partition.
   *
   * @param ch the image
   * @param partitionOffset where the root partition starts on {@code ch}
   * @param partitionSize its size in bytes
   * @param name the image name, for messages
   * @return the block, or empty when the partition does not end in one
   * @throws FormatException when the block has kiwi's header but malformed fields
   * @throws IOException when reading fails
   */
  public static Optional<KiwiMetadataBlock> read(
      FileChannel ch, long partitionOffset, long partitionSize, String name) throws IOException {
    int size = KiwiVerityMetadata.BLOCK_SIZE;
    if (partitionSize < 2L * size) {
      return Optional.empty();
    }
    long offset = partitionOffset + partitionSize - size;
    ByteBuffer b = ByteBuffer.allocate(size);
    if (offset + size > ch.size()) {
      return Optional.empty();
    }
    PositionalIo.readFully(ch, b, offset);
    return parse(b.array(), name, offset);
  }

  /**
   * @param block the last 4 KiB of a partition
   * @param name the image name, for messages
   * @param offset the block's offset in the image, for messages
   * @return the block, or empty when {@code block} does not start with kiwi's header
   * @throws FormatException when the header is there but the fields are malformed
   */
  public static Optional<KiwiMetadataBlock> parse(byte[] block, String name, long offset)
      throws FormatException {
    int end1 = indexOf(block, 0);
    if (end1 < 0
        || !HEADER.matcher(new String(block, 0, end1, StandardCharsets.ISO_8859_1)).matches()) {
      return Optional.empty();
    }
    int end2 = indexOf(block, end1 + 1);
    if (end2 < 0) {
      throw bad(name, offset + end1 + 1, "no 0xFF after the verity fields");
    }
    String text = new String(block, end1 + 1, end2 - end1 - 1, StandardCharsets.ISO_8859_1);
    String[] f = text.split(" ");
    if (f.length != FIELDS) {
      throw bad(name, offset + end1 + 1, "expected " + FIELDS + " fields, got '" + text + "'");
    }
    try {
      int hbs = Integer.parseInt(f[2]);
      String salt = f[7].equals("-") ? "" : f[7];
      VerityParams p =
          new VerityParams(
              VerityHash.parse(f[5]),
              Integer.parseInt(f[1]),
              hbs,
              VerityHashType.of(Long.parseLong(f[0])),
              Hex.decode("salt", salt),
              null,
              false,
              Math.multiplyExact(Long.parseLong(f[4]), hbs),
              Long.parseLong(f[3]));
      byte[] root = Hex.decode("root hash", f[6]);
      if (root.length != p.hash().digestSize()) {
        throw new InvalidInputException(
            "root hash has "
                + root.length
                + " bytes, "
                + p.hash()
                + " makes "
                + p.hash().digestSize());
      }
      int signedLength = Math.min(end2 + 2, block.length);
      return Optional.of(
          new KiwiMetadataBlock(
              p,
              Hex.encode(root),
              Arrays.copyOfRange(block, 0, signedLength),
              Arrays.copyOfRange(block, signedLength, block.length)));
    } catch (InvalidInputException | IllegalArgumentException | ArithmeticException e) {
      throw bad(name, offset + end1 + 1, "'" + text + "': " + e.getMessage());
    }
  }

  /**
   * @return whether anything but zeros follows the signed bytes (a signature)
   */
  public boolean hasSignature() {
    for (byte b : tail) {
      if (b != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param length the signature's length (the RSA modulus in bytes)
   * @return the first {@code length} bytes after the signed part, or null when fewer follow
   */
  public byte[] signature(int length) {
    return length > tail.length ? null : Arrays.copyOf(tail, length);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == SEPARATOR) {
        return i;
      }
      if (b[i] == 0) {
        return -1;
      }
    }
    return -1;
  }

  private static FormatException bad(String name, long offset, String problem) {
    return new FormatException(name, offset, "kiwi verity metadata", problem);
  }
}
