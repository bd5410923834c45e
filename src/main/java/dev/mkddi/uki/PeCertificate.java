package dev.mkddi.uki;

/**
 * One entry of a PE certificate table ({@code WIN_CERTIFICATE}). Immutable.
 *
 * @param offset the entry's file offset
 * @param revision {@code wRevision} (0x0200 for current signatures)
 * @param type {@code wCertificateType} (2: a PKCS#7 SignedData, an Authenticode signature)
 * @param content {@code bCertificate}: for type 2 the DER PKCS#7 signature
 */
public record PeCertificate(long offset, int revision, int type, byte[] content) {
  /** The type of an Authenticode signature: {@code WIN_CERT_TYPE_PKCS_SIGNED_DATA}. */
  public static final int TYPE_PKCS_SIGNED_DATA = PeConstants.WIN_CERT_TYPE_PKCS_SIGNED_DATA;

  /** Copies the content. */
  public PeCertificate {
    content = content.clone();
  }

  /**
   * @return a copy of the content
   */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /**
   * @return whether this entry is an Authenticode signature (revision 2.0, PKCS#7 SignedData)
   */
  public boolean authenticode() {
    return type == TYPE_PKCS_SIGNED_DATA && revision == PeConstants.WIN_CERT_REVISION_2_0;
  }
}
