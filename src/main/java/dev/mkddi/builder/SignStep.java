package dev.mkddi.builder;

import dev.mkddi.description.PartitionRole;
import dev.mkddi.io.Hex;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.Signer;
import dev.mkddi.verity.KiwiMetadataBlock;
import dev.mkddi.verity.KiwiMetadataConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Signs the root hash when the image is signed: the PKCS#7 signature over the lower-case hex root
 * hash goes into the signature partition (when the layout has one) and, with {@code
 * embed_verity_metadata}, kiwi's metadata block at the end of the root partition carries an RSA-PSS
 * signature. Stateless.
 */
final class SignStep {
  private SignStep() {}

  /**
   * @return the DER PKCS#7 signature for the {@code .roothash.p7s} file, or empty when unsigned
   */
  static Optional<byte[]> run(BuildContext ctx, DiskPlan plan, FileChannel image, byte[] rootHash)
      throws IOException {
    if (ctx.signer().isEmpty()) {
      return Optional.empty();
    }
    Signer signer = ctx.signer().get();
    String hex = Hex.encode(rootHash);
    byte[] der = signer.signRootHash(hex);
    Optional<PlannedPartition> sig = plan.find(PartitionRole.ROOT_VERITY_SIG);
    if (sig.isPresent()) {
      write(image, sig.get(), SignaturePartition.encode(hex, signer.certificateFingerprint(), der));
    }
    if (ctx.description().disk().verity().embedMetadata()) {
      PlannedPartition root = plan.get(PartitionRole.ROOT);
      byte[] block =
          KiwiMetadataBlock.encode(
              plan.filesystem().type().kiwiName(),
              plan.verity(),
              rootHash,
              PrepareStep.metadataKey(signer.key()),
              SeedDerivation.bytes(ctx.seed()));
      PositionalIo.writeFully(
          image,
          ByteBuffer.wrap(block),
          root.offset() + root.size() - KiwiMetadataConstants.BLOCK_SIZE);
    }
    return Optional.of(der);
  }

  /** Writes bytes at the start of a partition. */
  private static void write(FileChannel image, PlannedPartition p, byte[] content)
      throws IOException {
    if (content.length > p.size()) {
      throw new IllegalArgumentException(content.length + " bytes do not fit " + p);
    }
    PositionalIo.writeFully(image, ByteBuffer.wrap(content), p.offset());
  }
}
