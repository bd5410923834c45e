package dev.mkddi.verity;

import dev.mkddi.io.Hex;
import dev.mkddi.io.ImageBuildException;
import dev.mkddi.io.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * kiwi's verity metadata block, written into the last 4 KiB of the root partition with {@code
 * embed_verity_metadata="true"}: a header, the verity table fields and an RSA-PSS signature
 * (SHA-256, MGF1-SHA-256, 32-byte salt) over them. The PSS salt comes from a generator seeded with
 * the image seed and the signed bytes, so signed rebuilds stay bit-identical. Stateless.
 */
public final class KiwiVerityMetadata {
  /** Size of the block kiwi reserves. */
  public static final int BLOCK_SIZE = 4096;

  private static final int FORMAT_VERSION = 1;
  private static final byte SEPARATOR = (byte) 0xFF;
  private static final int PSS_SALT_LENGTH = 32;
  private static final int TRAILER_FIELD = 1;

  private KiwiVerityMetadata() {}

  /**
   * @param fsType the file system type as blkid names it ({@code erofs})
   * @param p the verity parameters (hash offset = file system size)
   * @param rootHash the root hash
   * @param key the RSA signing key
   * @param seed bytes that make the PSS salt reproducible (the image seed)
   * @return the block, {@value #BLOCK_SIZE} bytes
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
    b.writeBytes(ascii(FORMAT_VERSION + " " + fsType + " ro verity"));
    b.write(SEPARATOR);
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
                + p.hashOffset() / BLOCK_SIZE
                + " "
                + p.hash().veritysetupName()
                + " "
                + Hex.encode(rootHash)
                + " "
                + (p.salt().length == 0 ? "-" : Hex.encode(p.salt()))));
    b.write(SEPARATOR);
    b.write(0);
    byte[] signed = b.toByteArray();
    b.writeBytes(sign(signed, key, seed));
    if (b.size() > BLOCK_SIZE) {
      throw new ImageBuildException(
          "kiwi verity metadata: " + b.size() + " bytes do not fit " + BLOCK_SIZE);
    }
    byte[] block = new byte[BLOCK_SIZE];
    System.arraycopy(b.toByteArray(), 0, block, 0, b.size());
    return block;
  }

  private static byte[] sign(byte[] data, PrivateKey key, byte[] seed) throws ImageBuildException {
    try {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(
          new PSSParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSS_SALT_LENGTH, TRAILER_FIELD));
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

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
