package dev.mkddi.inspect;

import static dev.mkddi.inspect.SlotResolver.describe;

import dev.mkddi.sign.Certificates;
import dev.mkddi.verity.KiwiMetadataBlock;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import org.jspecify.annotations.Nullable;

/**
 * Checks the RSA-PSS signature of kiwi's verity metadata block (SHA-256, MGF1-SHA-256, 32-byte
 * salt, as {@link KiwiMetadataBlock#encode} writes it) against a certificate. The block carries no
 * certificate, so without one the signature can only be reported as present. Stateless and
 * thread-safe.
 */
final class KiwiSignatureCheck {
  static final String NAME = "kiwi-signature";

  private KiwiSignatureCheck() {}

  /**
   * @param block kiwi's metadata block
   * @param partition the partition it ends
   * @param d the designator, for the check's name
   * @param cert the certificate to check against, or null when none is known
   * @param certOrigin what {@code cert} is, for the message ({@code the given certificate})
   * @return the check: ok, failed, or skipped when unsigned or no certificate is known
   */
  static VerifyCheck check(
      KiwiMetadataBlock block,
      InspectedPartition partition,
      String d,
      @Nullable X509Certificate cert,
      String certOrigin) {
    String where = "kiwi's metadata block in " + describe(partition);
    if (!block.hasSignature()) {
      return cert == null
          ? VerifyCheck.skipped(NAME, d, where + ": unsigned")
          : VerifyCheck.failed(NAME, d, where + ": unsigned, but a certificate was given");
    }
    if (cert == null) {
      return VerifyCheck.skipped(
          NAME,
          d,
          where
              + ": RSA-PSS signature present, unchecked: the block holds no certificate (give"
              + " --certificate)");
    }
    PublicKey key = cert.getPublicKey();
    if (!(key instanceof RSAPublicKey rsa)) {
      return VerifyCheck.failed(
          NAME,
          d,
          where
              + ": signed with RSA-PSS, but "
              + certOrigin
              + " holds a "
              + key.getAlgorithm()
              + " key");
    }
    boolean valid = block.verify(rsa);
    String subject = Certificates.describe(cert);
    return valid
        ? VerifyCheck.ok(
            NAME, d, where + ": RSA-PSS signature valid, signed by " + certOrigin + " " + subject)
        : VerifyCheck.failed(
            NAME,
            d,
            where
                + ": the RSA-PSS signature does not verify against "
                + certOrigin
                + " "
                + subject);
  }
}
