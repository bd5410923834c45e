package dev.mkddi.inspect;

import dev.mkddi.gpt.PartitionType;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.sign.SignatureCheck;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.SignatureVerifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Describes a {@code *-verity-sig} partition: the JSON fields and whether the PKCS#7 signature
 * verifies against its embedded certificate (integrity, not trust). Stateless and thread-safe.
 */
final class SignatureInspector implements PartitionInspector {

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
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rootHash", sig.rootHash());
    fields.put("certificateFingerprint", sig.certificateFingerprint());
    fields.put("signatureBytes", sig.signature().length);
    try {
      SignatureCheck check =
          SignatureVerifier.verify(
              sig.signature(), sig.rootHash().getBytes(StandardCharsets.US_ASCII), null, name);
      fields.put("signer", check.signer().getSubjectX500Principal().getName());
      fields.put("signerFingerprint", check.signerFingerprint());
      fields.put("signatureValid", true);
    } catch (ImageBuildException e) {
      fields.put("signatureValid", false);
      fields.put("problem", e.getMessage());
    }
    return Optional.of(new PartitionDetails("signature", fields, sig.rootHash()));
  }
}
