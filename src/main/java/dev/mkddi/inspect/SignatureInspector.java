package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.SignatureVerifier;
import java.io.IOException;
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

  @Override
  public Optional<PartitionDetails> inspect(
      FileChannel image, String imageName, InspectedPartition partition) throws IOException {
    PartitionType type = partition.type();
    if (type == null || !type.designator().isVeritySignature()) {
      return Optional.empty();
    }
    String name = imageName + " partition " + partition.number();
    SignaturePartition sig =
        SignaturePartition.read(image, partition.offset(), partition.size(), name);
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
