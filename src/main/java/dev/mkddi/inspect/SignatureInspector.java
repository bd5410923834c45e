package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.SignatureVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Describes a {@code *-verity-sig} partition: the JSON fields and whether the PKCS#7 signature
 * verifies against its embedded certificate (integrity, not trust). Stateless and thread-safe.
 */
final class SignatureInspector implements PartitionInspector {
  /**
   * A signature that verifies against its embedded certificate.
   *
   * @param rootHash the signed root hash
   * @param certificateFingerprint the JSON's certificate fingerprint, or null
   * @param signatureBytes the DER signature's length
   * @param signer the signer's subject
   * @param signerFingerprint the signer certificate's SHA-256
   * @param signatureValid true
   */
  record Valid(
      String rootHash,
      @Nullable String certificateFingerprint,
      int signatureBytes,
      String signer,
      String signerFingerprint,
      boolean signatureValid) {}

  /**
   * A signature that does not verify.
   *
   * @param rootHash the root hash the JSON states
   * @param certificateFingerprint the JSON's certificate fingerprint, or null
   * @param signatureBytes the DER signature's length
   * @param signatureValid false
   * @param problem why it does not verify
   */
  record Invalid(
      String rootHash,
      @Nullable String certificateFingerprint,
      int signatureBytes,
      boolean signatureValid,
      String problem) {}

  /**
   * The signature partition of an {@code _empty} A/B slot: NUL bytes, reserved for an update.
   *
   * @param state what it is
   */
  record Empty(String state) {}

  /** How much of a signature partition is read: systemd-dissect reads at most 4 MiB of JSON. */
  private static final long MAX_READ = 4L << 20;

  private static final int CHUNK = 1 << 16;

  /** Whether the partition holds only NUL bytes (its first {@link #MAX_READ} bytes). */
  private static boolean allZero(FileChannel image, InspectedPartition p) throws IOException {
    long size = Math.min(p.size(), MAX_READ);
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, CHUNK));
    for (long done = 0; done < size; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - done));
      PositionalIo.readFully(image, buf, p.offset() + done);
      for (int i = 0; i < buf.limit(); i++) {
        if (buf.get(i) != 0) {
          return false;
        }
      }
      done += buf.limit();
    }
    return true;
  }

  /**
   * @param imageName the image, for the message
   * @param partition the signature partition
   * @param k an unknown key of its JSON
   * @return one line naming the key, the partition and the key's image offset
   */
  static String unknownKey(
      String imageName, InspectedPartition partition, SignaturePartition.UnknownKey k) {
    return imageName
        + ": offset "
        + k.offset()
        + ": signature partition JSON in "
        + SlotResolver.describe(partition)
        + ": unknown key '"
        + k.name()
        + "' (systemd-dissect ignores it; verify --strict refuses it)";
  }

  @Override
  public Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition) throws IOException {
    return inspect(image, imageName, partition, ProgressListener.NONE);
  }

  @Override
  public Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition, ProgressListener listener)
      throws IOException {
    PartitionType type = partition.type();
    if (type == null || !type.designator().isVeritySignature()) {
      return Optional.empty();
    }
    String name = imageName + " partition " + partition.number();
    if (SlotResolver.empty(partition) && allZero(image, partition)) {
      return Optional.of(
          new PartitionDetails("signature", new Empty("empty A/B slot: all NUL, reserved"), null));
    }
    SignaturePartition sig =
        SignaturePartition.read(image, partition.offset(), partition.size(), name);
    for (SignaturePartition.UnknownKey k : sig.unknownKeys()) {
      listener.warn(unknownKey(imageName, partition, k));
    }
    Record fields;
    try {
      SignatureCheck check =
          SignatureVerifier.verify(
              sig.signature(), sig.rootHash().getBytes(StandardCharsets.US_ASCII), null, name);
      fields =
          new Valid(
              sig.rootHash(),
              sig.certificateFingerprint(),
              sig.signature().length,
              check.signer().getSubjectX500Principal().getName(),
              check.signerFingerprint(),
              true);
    } catch (ImageBuildException e) {
      fields =
          new Invalid(
              sig.rootHash(),
              sig.certificateFingerprint(),
              sig.signature().length,
              false,
              String.valueOf(e.getMessage()));
    }
    return Optional.of(new PartitionDetails("signature", fields, sig.rootHash()));
  }
}
