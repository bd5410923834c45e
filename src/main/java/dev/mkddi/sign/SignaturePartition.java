package dev.mkddi.sign;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The content of a {@code root-verity-sig} partition: one compact JSON object {@code
 * {"rootHash":…,"certificateFingerprint":…,"signature":…}} followed by NUL bytes up to {@link
 * SignConstants#SIGNATURE_PARTITION_SIZE}, as systemd-repart writes it.
 *
 * <p>Immutable (the signature array is copied in and out) and thread-safe.
 *
 * @param rootHash the signed root hash, lower-case hex
 * @param certificateFingerprint SHA-256 of the signer's DER certificate, lower-case hex, or null
 *     when the JSON has none (it is optional)
 * @param signature the DER PKCS#7 signature
 * @param unknownKeys keys of the JSON object that systemd-dissect ignores (a misspelt {@code
 *     certificateFingerprint}), in order; {@link #encode()} does not write them
 */
public record SignaturePartition(
    String rootHash,
    @Nullable String certificateFingerprint,
    byte[] signature,
    List<UnknownKey> unknownKeys) {

  /**
   * A key of the signature JSON that is none of {@code rootHash}, {@code certificateFingerprint},
   * {@code signature}.
   *
   * @param name the key, cut to a readable length
   * @param offset the byte offset of the key (its opening quote) in the image or file
   */
  public record UnknownKey(String name, long offset) {
    /** Checks for null. */
    public UnknownKey {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A signature partition without unknown keys.
   *
   * @param rootHash the signed root hash, lower-case hex
   * @param certificateFingerprint the signer certificate's SHA-256, lower-case hex, or null
   * @param signature the DER PKCS#7 signature
   */
  public SignaturePartition(
      String rootHash, @Nullable String certificateFingerprint, byte[] signature) {
    this(rootHash, certificateFingerprint, signature, List.of());
  }

  /**
   * @throws IllegalArgumentException when a hex field is not lower-case hex of even length or the
   *     signature is empty
   */
  public SignaturePartition {
    checkRootHash(rootHash);
    if (certificateFingerprint != null && !isLowerHex(certificateFingerprint)) {
      throw new IllegalArgumentException(
          "certificate fingerprint must be lower-case hex: '" + certificateFingerprint + "'");
    }
    if (signature.length == 0) {
      throw new IllegalArgumentException("the signature is empty");
    }
    signature = signature.clone();
    unknownKeys = List.copyOf(unknownKeys);
  }

  /**
   * Encodes a signature partition.
   *
   * @param rootHashHex the signed root hash, lower-case hex
   * @param fingerprintHex the certificate fingerprint, lower-case hex, or null to leave it out
   * @param der the DER PKCS#7 signature
   * @return exactly {@link SignConstants#SIGNATURE_PARTITION_SIZE} bytes
   * @throws InvalidInputException when the JSON does not fit (a very large certificate)
   */
  public static byte[] encode(String rootHashHex, String fingerprintHex, byte[] der)
      throws InvalidInputException {
    return new SignaturePartition(rootHashHex, fingerprintHex, der).encode();
  }

  /**
   * @return the partition content: the JSON, NUL-padded to exactly {@link
   *     SignConstants#SIGNATURE_PARTITION_SIZE} bytes
   * @throws InvalidInputException when the JSON and its terminating NUL do not fit
   */
  public byte[] encode() throws InvalidInputException {
    byte[] json = json().getBytes(StandardCharsets.US_ASCII);
    if (json.length + 1 > SignConstants.SIGNATURE_PARTITION_SIZE) {
      throw new InvalidInputException(
          "signature partition: the JSON needs "
              + json.length
              + " bytes, at most "
              + (SignConstants.SIGNATURE_PARTITION_SIZE - 1)
              + " fit (is the certificate very large?)");
    }
    return Arrays.copyOf(json, SignConstants.SIGNATURE_PARTITION_SIZE);
  }

  /**
   * @return the compact JSON text, keys in systemd-repart's order, without a trailing newline
   */
  public String json() {
    StringBuilder sb = new StringBuilder(64 + signature.length * 4 / 3 + 128);
    sb.append("{\"").append(SignConstants.KEY_ROOT_HASH).append("\":\"").append(rootHash);
    if (certificateFingerprint != null) {
      sb.append("\",\"").append(SignConstants.KEY_CERTIFICATE_FINGERPRINT).append("\":\"");
      sb.append(certificateFingerprint);
    }
    sb.append("\",\"").append(SignConstants.KEY_SIGNATURE).append("\":\"");
    sb.append(Base64.getEncoder().encodeToString(signature)).append("\"}");
    return sb.toString();
  }

  /**
   * Decodes partition content following systemd-dissect's rules: at most 4 MiB; the JSON ends at
   * the first NUL and every byte after it must be NUL; white space (a trailing newline) around the
   * object is allowed; {@code rootHash} and {@code signature} are required, {@code
   * certificateFingerprint} is optional, other keys are ignored by systemd-dissect and kept in
   * {@link #unknownKeys()}. Hex is accepted in either case.
   *
   * @param content the whole partition
   * @param name the image or file name, for messages
   * @return the decoded content
   * @throws FormatException when it is malformed; the offset is from the start of {@code content}
   */
  public static SignaturePartition decode(byte[] content, String name) throws FormatException {
    return SignatureJsonReader.read(content, 0, content.length, 0, name);
  }

  /**
   * Decodes the remaining bytes of a buffer (see {@link #decode(byte[], String)}).
   *
   * @param content the whole partition, from its position to its limit
   * @param name the image or file name, for messages
   * @return the decoded content
   * @throws FormatException when it is malformed; offsets are from the buffer's position
   */
  public static SignaturePartition decode(ByteBuffer content, String name) throws FormatException {
    byte[] bytes = new byte[content.remaining()];
    content.duplicate().get(bytes);
    return decode(bytes, name);
  }

  /**
   * Whether a signature partition is reserved but empty, as {@code mkddi build --defer-signature}
   * leaves it: its first {@link SignConstants#SIGNATURE_PARTITION_SIZE} bytes (all of it when
   * smaller) are zero.
   *
   * @param image the image
   * @param offset the partition's byte offset in the image
   * @param size the partition's size in bytes
   * @return whether those bytes are all zero
   * @throws IOException when the image cannot be read
   */
  public static boolean reservedEmpty(FileChannel image, long offset, long size)
      throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate((int) Math.min(size, SignConstants.SIGNATURE_PARTITION_SIZE));
    PositionalIo.readFully(image, b, offset);
    for (int i = 0; i < b.capacity(); i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads and decodes a signature partition of an image (see {@link #decode(byte[], String)}).
   *
   * @param image the image
   * @param offset the partition's byte offset in the image
   * @param size the partition's size in bytes
   * @param name the image name, for messages
   * @return the decoded content
   * @throws FormatException when the partition is larger than 4 MiB or malformed; offsets are from
   *     the start of the image
   * @throws IOException when the image cannot be read
   */
  public static SignaturePartition read(FileChannel image, long offset, long size, String name)
      throws IOException {
    SignatureJsonReader.checkSize(size, offset, name);
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size));
    PositionalIo.readFully(image, buf, offset);
    return SignatureJsonReader.read(buf.array(), 0, buf.capacity(), offset, name);
  }

  /**
   * @return a copy of the DER PKCS#7 signature
   */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignaturePartition other
        && rootHash.equals(other.rootHash)
        && Objects.equals(certificateFingerprint, other.certificateFingerprint)
        && Arrays.equals(signature, other.signature)
        && unknownKeys.equals(other.unknownKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rootHash, certificateFingerprint, Arrays.hashCode(signature), unknownKeys);
  }

  @Override
  public String toString() {
    return "SignaturePartition[rootHash="
        + rootHash
        + ", certificateFingerprint="
        + certificateFingerprint
        + ", signature="
        + signature.length
        + " bytes, unknownKeys="
        + unknownKeys
        + "]";
  }

  /**
   * @param rootHash a root hash as text
   * @throws IllegalArgumentException unless it is non-empty lower-case hex of even length
   */
  static void checkRootHash(String rootHash) {
    if (rootHash.isEmpty() || !isLowerHex(rootHash)) {
      throw new IllegalArgumentException(
          "root hash must be non-empty lower-case hex of even length: '" + rootHash + "'");
    }
  }

  /**
   * @param s text
   * @return whether it is lower-case hex digits of even length
   */
  static boolean isLowerHex(String s) {
    if (s.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
