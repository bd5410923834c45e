package dev.mkddi.sign;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The result of a successful signature verification. Immutable and thread-safe.
 *
 * @param trust whether the signer was pinned or only the embedded certificate was used
 * @param signer the certificate whose key verified the signature
 * @param signerFingerprint SHA-256 of {@code signer}'s DER encoding, lower-case hex
 */
public record SignatureCheck(SignerTrust trust, X509Certificate signer, String signerFingerprint) {

  /**
   * @throws NullPointerException when a component is null
   */
  public SignatureCheck {
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signerFingerprint, "signerFingerprint");
  }

  /**
   * @return whether the signer was pinned by a certificate the caller gave
   */
  public boolean trusted() {
    return trust == SignerTrust.PINNED_CERTIFICATE;
  }

  /**
   * @return one line for the user, e.g. {@code signature valid: signed by CN=… (sha256 …), the
   *     given certificate}
   */
  public String summary() {
    String who =
        "signed by "
            + signer.getSubjectX500Principal().getName()
            + " (certificate sha256 "
            + signerFingerprint
            + ")";
    return trusted()
        ? "signature valid: " + who + ", the given certificate"
        : "signature valid against its embedded certificate: "
            + who
            + "; this proves integrity, not trust (give the certificate to pin the signer)";
  }
}
