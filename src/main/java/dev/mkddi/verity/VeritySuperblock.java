package dev.mkddi.verity;

import static dev.mkddi.verity.VerityConstants.ALGORITHM_LEN;
import static dev.mkddi.verity.VerityConstants.ALGORITHM_OFFSET;
import static dev.mkddi.verity.VerityConstants.DATA_BLOCKS_OFFSET;
import static dev.mkddi.verity.VerityConstants.DATA_BLOCK_SIZE_OFFSET;
import static dev.mkddi.verity.VerityConstants.HASH_BLOCK_SIZE_OFFSET;
import static dev.mkddi.verity.VerityConstants.HASH_TYPE_OFFSET;
import static dev.mkddi.verity.VerityConstants.SALT_LEN;
import static dev.mkddi.verity.VerityConstants.SALT_OFFSET;
import static dev.mkddi.verity.VerityConstants.SALT_SIZE_OFFSET;
import static dev.mkddi.verity.VerityConstants.SIGNATURE;
import static dev.mkddi.verity.VerityConstants.SIGNATURE_LEN;
import static dev.mkddi.verity.VerityConstants.SIGNATURE_OFFSET;
import static dev.mkddi.verity.VerityConstants.SUPERBLOCK_SIZE;
import static dev.mkddi.verity.VerityConstants.SUPERBLOCK_VERSION;
import static dev.mkddi.verity.VerityConstants.UUID_OFFSET;
import static dev.mkddi.verity.VerityConstants.VERSION_OFFSET;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * The 512-byte dm-verity superblock ({@code struct verity_sb}) that veritysetup writes at the hash
 * offset. The kernel never reads it; veritysetup and systemd take the table parameters from it.
 * Immutable (the salt is copied) and thread-safe.
 *
 * @param hashType the tree format
 * @param uuid the UUID, stored as 16 raw bytes in text order
 * @param hash the hash algorithm, stored by its lower-case name
 * @param dataBlockSize bytes per data block
 * @param hashBlockSize bytes per hash block
 * @param dataBlocks number of data blocks covered
 * @param salt 0 to 256 bytes
 */
public record VeritySuperblock(
    VerityHashType hashType,
    UUID uuid,
    VerityHash hash,
    int dataBlockSize,
    int hashBlockSize,
    long dataBlocks,
    byte[] salt) {

  /** Validates and copies. */
  public VeritySuperblock {
    Objects.requireNonNull(hashType, "hashType");
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(hash, "hash");
    if (salt.length > SALT_LEN) {
      throw new IllegalArgumentException("salt longer than " + SALT_LEN + " bytes");
    }
    salt = salt.clone();
  }

  /**
   * @param p parameters with a superblock
   * @return the superblock veritysetup writes for them
   * @throws IllegalArgumentException when {@code p} has no superblock
   */
  public static VeritySuperblock of(VerityParams p) {
    if (!p.superblock()) {
      throw new IllegalArgumentException("the parameters have no superblock");
    }
    return new VeritySuperblock(
        p.hashType(),
        Objects.requireNonNull(p.uuid(), "a superblock needs a UUID"),
        p.hash(),
        p.dataBlockSize(),
        p.hashBlockSize(),
        p.dataBlocks(),
        p.saltUnsafe());
  }

  /**
   * @param hashOffset where this superblock was found on the hash device
   * @return the parameters it describes
   * @throws IllegalArgumentException when a field is out of range, or {@code data_blocks} is 0
   *     (which {@link #decode} accepts, as {@code veritysetup dump} shows such a superblock)
   */
  public VerityParams toParams(long hashOffset) {
    return new VerityParams(
        hash, dataBlockSize, hashBlockSize, hashType, salt, uuid, true, hashOffset, dataBlocks);
  }

  /**
   * @param sb a superblock
   * @param dataBlocks the number of data blocks
   * @return {@code sb} covering {@code dataBlocks} instead
   */
  public static VeritySuperblock of(VeritySuperblock sb, long dataBlocks) {
    return new VeritySuperblock(
        sb.hashType, sb.uuid, sb.hash, sb.dataBlockSize, sb.hashBlockSize, dataBlocks, sb.salt);
  }

  /**
   * The parameters for hashing or verifying: like {@link #toParams(long)}, for a superblock just
   * read from {@code file}.
   *
   * @param hashOffset where this superblock was found on the hash device
   * @param file the hash device's name, for messages
   * @return the parameters it describes
   * @throws FormatException when {@code data_blocks} is 0: there is nothing to hash or verify
   */
  public VerityParams toParams(long hashOffset, String file) throws FormatException {
    if (dataBlocks == 0) {
      throw bad(
          file, hashOffset, DATA_BLOCKS_OFFSET, "data_blocks", "0: the superblock covers no data");
    }
    return toParams(hashOffset);
  }

  /**
   * @return a copy of the salt
   */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * @return the 512 encoded bytes in a buffer positioned at 0
   */
  public ByteBuffer encode() {
    ByteBuffer b = LittleEndian.allocate(SUPERBLOCK_SIZE);
    b.put(SIGNATURE_OFFSET, SIGNATURE);
    b.putInt(VERSION_OFFSET, SUPERBLOCK_VERSION);
    b.putInt(HASH_TYPE_OFFSET, hashType.code());
    b.putLong(UUID_OFFSET, Long.reverseBytes(uuid.getMostSignificantBits()));
    b.putLong(UUID_OFFSET + 8, Long.reverseBytes(uuid.getLeastSignificantBits()));
    b.put(ALGORITHM_OFFSET, hash.veritysetupName().getBytes(StandardCharsets.US_ASCII));
    b.putInt(DATA_BLOCK_SIZE_OFFSET, dataBlockSize);
    b.putInt(HASH_BLOCK_SIZE_OFFSET, hashBlockSize);
    b.putLong(DATA_BLOCKS_OFFSET, dataBlocks);
    b.putShort(SALT_SIZE_OFFSET, (short) salt.length);
    b.put(SALT_OFFSET, salt);
    return b;
  }

  /**
   * Reads and decodes the superblock at {@code offset} of {@code ch}.
   *
   * @param ch the hash device
   * @param offset the hash offset
   * @param file the device's name for messages
   * @return the superblock
   * @throws FormatException when the bytes are not a superblock veritysetup would accept
   * @throws IOException when reading fails
   */
  public static VeritySuperblock read(FileChannel ch, long offset, String file) throws IOException {
    ByteBuffer b = LittleEndian.allocate(SUPERBLOCK_SIZE);
    try {
      PositionalIo.readFully(ch, b, offset);
    } catch (EOFException e) {
      throw new FormatException(
          file,
          offset,
          "verity superblock",
          "the file ends before the "
              + SUPERBLOCK_SIZE
              + "-byte superblock (size "
              + ch.size()
              + ")");
    }
    return decode(b.flip(), file, offset);
  }

  /**
   * Decodes 512 bytes starting at the buffer's position.
   *
   * @param buf the bytes (at least 512 remaining)
   * @param file the file name for messages
   * @param offset the superblock's offset in {@code file}, for messages
   * @return the superblock
   * @throws FormatException when a field is invalid; the message names it
   */
  public static VeritySuperblock decode(ByteBuffer buf, String file, long offset)
      throws FormatException {
    ByteBuffer b = buf.slice(buf.position(), SUPERBLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    byte[] sig = new byte[SIGNATURE_LEN];
    b.get(SIGNATURE_OFFSET, sig);
    if (!Arrays.equals(sig, SIGNATURE)) {
      throw bad(
          file,
          offset,
          SIGNATURE_OFFSET,
          "signature",
          "expected 'verity\\0\\0' ("
              + Hex.encode(SIGNATURE)
              + "), got "
              + Hex.encode(sig)
              + "; not a verity superblock");
    }
    int version = b.getInt(VERSION_OFFSET);
    if (version != SUPERBLOCK_VERSION) {
      throw bad(
          file,
          offset,
          VERSION_OFFSET,
          "version",
          "expected 1, got " + Integer.toUnsignedString(version));
    }
    int type = b.getInt(HASH_TYPE_OFFSET);
    if (type != 0 && type != 1) {
      throw bad(
          file,
          offset,
          HASH_TYPE_OFFSET,
          "hash_type",
          "expected 0 or 1, got " + Integer.toUnsignedString(type));
    }
    UUID uuid =
        new UUID(
            Long.reverseBytes(b.getLong(UUID_OFFSET)),
            Long.reverseBytes(b.getLong(UUID_OFFSET + 8)));
    VerityHash hash = decodeAlgorithm(b, file, offset);
    int dbs = b.getInt(DATA_BLOCK_SIZE_OFFSET);
    int hbs = b.getInt(HASH_BLOCK_SIZE_OFFSET);
    checkBlockSize(file, offset, DATA_BLOCK_SIZE_OFFSET, "data_block_size", dbs);
    checkBlockSize(file, offset, HASH_BLOCK_SIZE_OFFSET, "hash_block_size", hbs);
    long blocks = b.getLong(DATA_BLOCKS_OFFSET);
    if (blocks < 0 || blocks > Long.MAX_VALUE / dbs) {
      throw bad(
          file,
          offset,
          DATA_BLOCKS_OFFSET,
          "data_blocks",
          "expected 0 to " + Long.MAX_VALUE / dbs + ", got " + Long.toUnsignedString(blocks));
    }
    int saltSize = Short.toUnsignedInt(b.getShort(SALT_SIZE_OFFSET));
    if (saltSize > SALT_LEN) {
      throw bad(
          file,
          offset,
          SALT_SIZE_OFFSET,
          "salt_size",
          "expected 0 to " + SALT_LEN + ", got " + saltSize);
    }
    byte[] salt = new byte[saltSize];
    b.get(SALT_OFFSET, salt);
    return new VeritySuperblock(VerityHashType.of(type), uuid, hash, dbs, hbs, blocks, salt);
  }

  private static VerityHash decodeAlgorithm(ByteBuffer b, String file, long offset)
      throws FormatException {
    byte[] raw = new byte[ALGORITHM_LEN];
    b.get(ALGORITHM_OFFSET, raw);
    int len = 0;
    while (len < raw.length && raw[len] != 0) {
      len++;
    }
    String name = new String(raw, 0, len, StandardCharsets.ISO_8859_1);
    VerityHash h;
    try {
      h = VerityHash.parse(name);
    } catch (InvalidInputException e) {
      throw bad(file, offset, ALGORITHM_OFFSET, "algorithm", String.valueOf(e.getMessage()));
    }
    if (!h.veritysetupName().equals(name)) {
      // veritysetup verify accepts any case, the kernel's crypto API looks names up as written
      throw bad(
          file,
          offset,
          ALGORITHM_OFFSET,
          "algorithm",
          "'" + name + "' is not '" + h.veritysetupName() + "': the kernel's names are lower case");
    }
    return h;
  }

  private static void checkBlockSize(String file, long offset, int field, String name, int size)
      throws FormatException {
    if (size < VerityConstants.MIN_BLOCK_SIZE
        || size > VerityConstants.MAX_BLOCK_SIZE
        || Integer.bitCount(size) != 1) {
      throw bad(
          file,
          offset,
          field,
          name,
          "expected a power of two from 512 to 524288, got " + Integer.toUnsignedString(size));
    }
  }

  private static FormatException bad(
      String file, long base, int field, String name, String problem) {
    return new FormatException(file, base + field, "verity superblock " + name, problem);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VeritySuperblock s
        && hashType == s.hashType
        && uuid.equals(s.uuid)
        && hash == s.hash
        && dataBlockSize == s.dataBlockSize
        && hashBlockSize == s.hashBlockSize
        && dataBlocks == s.dataBlocks
        && Arrays.equals(salt, s.salt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hashType, uuid, hash, dataBlockSize, hashBlockSize, dataBlocks) * 31
        + Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "VeritySuperblock[hashType="
        + hashType
        + ", uuid="
        + uuid
        + ", hash="
        + hash
        + ", dataBlockSize="
        + dataBlockSize
        + ", hashBlockSize="
        + hashBlockSize
        + ", dataBlocks="
        + dataBlocks
        + ", salt="
        + (salt.length == 0 ? "-" : Hex.encode(salt))
        + "]";
  }
}
