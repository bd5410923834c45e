package dev.mkddi.verity;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * kiwi's verity metadata block ({@code embed_verity_metadata="true"}), its one codec: {@link
 * #encode} writes it as kiwi does, {@link #read} and {@link #parse} read it, {@link #verify} checks
 * its RSA-PSS signature (layout in {@link KiwiMetadataConstants}). kiwi formats such partitions
 * with {@code veritysetup --no-superblock}, so this block is the only record of the verity
 * parameters; the hash start block counts hash blocks from the start of the partition. The PSS salt
 * mkddi signs with comes from a generator seeded with the image seed and the signed bytes, so
 * signed rebuilds stay bit-identical. Immutable and thread-safe.
 *
 * @param params the verity parameters (no superblock; hash offset from the partition start)
 * @param rootHash the root hash, lower-case hex
 * @param signed the bytes the signature covers: the header and fields up to the final 0xFF 0x00
 * @param tail the rest of the block: the signature (as long as the key's modulus), then zeros
 */
public record KiwiMetadataBlock(VerityParams params, String rootHash, byte[] signed, byte[] tail) {
  private static final Pattern HEADER =
      Pattern.compile("[0-9]+ [^ ]+" + Pattern.quote(KiwiMetadataConstants.HEADER_SUFFIX));

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
    int size = KiwiMetadataConstants.BLOCK_SIZE;
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
   * For a partition whose layout needs kiwi's block but where {@link #read} found none: whether the
   * block's place holds anything, and the error that names what is there.
   *
   * @param ch the image
   * @param partitionOffset where the root partition starts on {@code ch}
   * @param partitionSize its size in bytes
   * @param name the image name, for messages
   * @param where the partition, for messages ({@code partition 1 (root-x86-64)})
   * @param anyBytes whether any non-zero byte counts; else only text that starts like kiwi's header
   *     (a digit, then printable ASCII up to a 0xFF or NUL): when the place may as well hold the
   *     end of a hash tree
   * @return the error naming the block's offset, what was expected and what is there; empty when
   *     the block's place holds only zeros (or no such text), or the partition is too small
   * @throws IOException when reading fails
   */
  public static Optional<FormatException> unrecognised(
      FileChannel ch,
      long partitionOffset,
      long partitionSize,
      String name,
      String where,
      boolean anyBytes)
      throws IOException {
    int size = KiwiMetadataConstants.BLOCK_SIZE;
    long offset = partitionOffset + partitionSize - size;
    if (partitionSize < 2L * size || offset + size > ch.size()) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    PositionalIo.readFully(ch, b, offset);
    byte[] block = b.array();
    int end = 0;
    while (end < block.length && block[end] != KiwiMetadataConstants.SEPARATOR && block[end] != 0) {
      end++;
    }
    boolean zeros = true;
    for (byte x : block) {
      zeros &= x == 0;
    }
    if (zeros || !anyBytes && !headerLike(block, end)) {
      return Optional.empty();
    }
    return Optional.of(
        bad(
            name,
            offset,
            "expected the header '<version> <file system>"
                + KiwiMetadataConstants.HEADER_SUFFIX
                + "' and 0xFF at the start of the last "
                + size
                + " bytes of "
                + where
                + ", got '"
                + Excerpt.of(new String(block, 0, end, StandardCharsets.ISO_8859_1))
                + "'"));
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
    if (f.length != KiwiMetadataConstants.FIELDS) {
      throw bad(
          name,
          offset + end1 + 1,
          "expected " + KiwiMetadataConstants.FIELDS + " fields, got '" + Excerpt.of(text) + "'");
    }
    try {
      int hbs = Integer.parseInt(f[2]);
      String salt = f[7].equals(KiwiMetadataConstants.NO_SALT) ? "" : f[7];
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
      throw bad(
          name,
          offset + end1 + 1,
          "'" + Excerpt.of(text) + "': " + Excerpt.of(String.valueOf(e.getMessage()), 200));
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
  public byte @Nullable [] signature(int length) {
    return length > tail.length ? null : Arrays.copyOf(tail, length);
  }

  /**
   * Checks the block's signature with an RSA public key.
   *
   * @param key the signer's public key
   * @return whether the bytes after the signed part are a valid RSA-PSS signature by {@code key}
   */
  public boolean verify(RSAPublicKey key) {
    byte[] sig = signature((key.getModulus().bitLength() + 7) / 8);
    if (sig == null) {
      return false;
    }
    try {
      Signature s = pss();
      s.initVerify(key);
      s.update(signed);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Writes the block kiwi writes into the last 4 KiB of the root partition.
   *
   * @param fsType the file system type as blkid names it ({@code erofs})
   * @param p the verity parameters (hash offset = file system size)
   * @param rootHash the root hash
   * @param key the RSA signing key
   * @param seed bytes that make the PSS salt reproducible (the image seed)
   * @return the block, {@value KiwiMetadataConstants#BLOCK_SIZE} bytes
   * @throws InvalidInputException when the key is not RSA
   * @throws ImageBuildException when signing fails or the block would not fit
   */
  public static byte[] encode(
      String fsType, VerityParams p, byte[] rootHash, PrivateKey key, byte[] seed)
      throws ImageBuildException {
    if (!(key instanceof RSAPrivateKey)) {
      throw new InvalidInputException(
          "embed_verity_metadata: kiwi signs its metadata block with RSA-PSS; the key is "
              + key.getAlgorithm());
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        ascii(
            KiwiMetadataConstants.FORMAT_VERSION
                + " "
                + fsType
                + KiwiMetadataConstants.HEADER_SUFFIX));
    b.write(KiwiMetadataConstants.SEPARATOR);
    b.writeBytes(
        ascii(
            p.hashType().code()
                + " "
                + p.dataBlockSize()
                + " "
                + p.hashBlockSize()
                + " "
                + p.dataBlocks()
                + " "
                + p.hashOffset() / KiwiMetadataConstants.HASH_START_UNIT
                + " "
                + p.hash().veritysetupName()
                + " "
                + Hex.encode(rootHash)
                + " "
                + (p.salt().length == 0 ? KiwiMetadataConstants.NO_SALT : Hex.encode(p.salt()))));
    b.write(KiwiMetadataConstants.SEPARATOR);
    b.write(KiwiMetadataConstants.TERMINATOR);
    byte[] signed = b.toByteArray();
    b.writeBytes(sign(signed, key, seed));
    if (b.size() > KiwiMetadataConstants.BLOCK_SIZE) {
      throw new ImageBuildException(
          "kiwi verity metadata: "
              + b.size()
              + " bytes do not fit "
              + KiwiMetadataConstants.BLOCK_SIZE);
    }
    return Arrays.copyOf(b.toByteArray(), KiwiMetadataConstants.BLOCK_SIZE);
  }

  private static byte[] sign(byte[] data, PrivateKey key, byte[] seed) throws ImageBuildException {
    try {
      Signature s = pss();
      SecureRandom salt = SecureRandom.getInstance("SHA1PRNG");
      salt.setSeed(seed);
      salt.setSeed(data);
      s.initSign(key, salt);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new ImageBuildException("kiwi verity metadata: RSA-PSS signing failed: " + e, e);
    }
  }

  private static Signature pss() throws GeneralSecurityException {
    Signature s = Signature.getInstance(KiwiMetadataConstants.SIGNATURE_ALGORITHM);
    s.setParameter(KiwiMetadataConstants.PSS);
    return s;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A digit, then printable ASCII up to {@code end}, where a 0xFF or NUL follows. */
  private static boolean headerLike(byte[] block, int end) {
    if (end < 2 || end == block.length || block[0] < '0' || block[0] > '9') {
      return false;
    }
    for (int i = 0; i < end; i++) {
      if (block[i] < 0x20 || block[i] > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == KiwiMetadataConstants.SEPARATOR) {
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
