package dev.mkddi.pgp;

import dev.mkddi.io.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * Makes detached, binary OpenPGP signatures (what {@code gpg --detach-sign} writes) with a key from
 * an exported secret key ({@code gpg --export-secret-keys [--armor]}): the first key of the file
 * that can sign, SHA-256, a binary-document signature whose creation time is the given instant, or
 * the key's creation time when that is later (gpg refuses a signature older than its key), so an
 * RSA or EdDSA key signs reproducibly. Immutable and thread-safe.
 */
public final class OpenPgpSigner {
  private static final Provider PROVIDER = new BouncyCastleProvider();

  private final PGPSecretKey key;
  private final PGPPrivateKey privateKey;

  private OpenPgpSigner(PGPSecretKey key, PGPPrivateKey privateKey) {
    this.key = key;
    this.privateKey = privateKey;
  }

  /**
   * Loads the signing key.
   *
   * @param file an exported OpenPGP secret key, armored or binary
   * @param passphrase its passphrase, when it is protected
   * @return the signer
   * @throws InvalidInputException when the file holds no usable signing key or the passphrase is
   *     wrong or missing
   * @throws IOException when the file cannot be read
   */
  public static OpenPgpSigner load(Path file, Optional<char[]> passphrase) throws IOException {
    PGPSecretKeyRingCollection rings;
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
    } catch (PGPException | IOException | RuntimeException e) {
      throw new InvalidInputException(
          file + ": not an OpenPGP secret key (gpg --export-secret-keys): " + e.getMessage(), e);
    }
    for (Iterator<PGPSecretKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
      for (Iterator<PGPSecretKey> k = r.next().getSecretKeys(); k.hasNext(); ) {
        PGPSecretKey key = k.next();
        if (!key.isSigningKey() || key.isPrivateKeyEmpty()) {
          continue;
        }
        try {
          PGPPrivateKey priv =
              key.extractPrivateKey(
                  new JcePBESecretKeyDecryptorBuilder()
                      .setProvider(PROVIDER)
                      .build(passphrase.orElse(new char[0])));
          if (priv == null) {
            continue;
          }
          return new OpenPgpSigner(key, priv);
        } catch (PGPException e) {
          throw new InvalidInputException(
              file
                  + ": cannot unlock OpenPGP key "
                  + keyId(key)
                  + (passphrase.isPresent()
                      ? ": wrong passphrase"
                      : ": it is protected, give its passphrase (--key-password-file)"),
              e);
        }
      }
    }
    throw new InvalidInputException(file + ": no OpenPGP secret key that can sign");
  }

  /**
   * @return the signing key's ID, 16 upper-case hex digits
   */
  public String keyId() {
    return keyId(key);
  }

  /**
   * Signs data.
   *
   * @param data the bytes to sign (e.g. a {@code SHA256SUMS} file)
   * @param created the signature's creation time
   * @return the detached signature, binary OpenPGP packets
   * @throws IOException when signing fails
   */
  public byte[] signDetached(byte[] data, Instant created) throws IOException {
    try {
      PGPSignatureGenerator gen =
          new PGPSignatureGenerator(
              new JcaPGPContentSignerBuilder(
                      key.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256)
                  .setProvider(PROVIDER),
              key.getPublicKey());
      gen.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      Date keyCreated = key.getPublicKey().getCreationTime();
      Date when = Date.from(created);
      // gpg refuses a signature older than its key ("Time conflict"): a SOURCE_DATE_EPOCH from
      // before the key was made signs at the key's creation time
      hashed.setSignatureCreationTime(true, when.before(keyCreated) ? keyCreated : when);
      hashed.setIssuerFingerprint(false, key);
      gen.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, key.getKeyID());
      gen.setUnhashedSubpackets(unhashed.generate());
      gen.update(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      gen.generate().encode(out);
      return out.toByteArray();
    } catch (PGPException e) {
      throw new IOException("OpenPGP signature with key " + keyId() + ": " + e.getMessage(), e);
    }
  }

  private static String keyId(PGPSecretKey key) {
    return String.format("%016X", key.getKeyID());
  }
}
