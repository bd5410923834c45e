package dev.mkddi.sign;

/** What a successful signature check proves about who signed. */
public enum SignerTrust {
  /**
   * The signature verifies against the certificate the caller gave (like {@code openssl smime
   * -verify -nointern -certfile}, and systemd's check against {@code /etc/verity.d}): the image was
   * signed by the holder of that key.
   */
  PINNED_CERTIFICATE,

  /**
   * The signature verifies only against the certificate embedded in it. This proves integrity (the
   * root hash was not altered after signing), not trust: anyone can embed their own certificate.
   * Give the expected certificate to pin the signer.
   */
  EMBEDDED_CERTIFICATE_ONLY,

  /**
   * A signature is present but could not be checked: it carries no certificate (kiwi's verity
   * metadata block) and none was given. This proves nothing beyond the root hash's own integrity.
   */
  SIGNATURE_UNCHECKED
}
