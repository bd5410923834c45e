package dev.mkddi.sign;

/** The kinds of signing key mkddi supports. */
public enum KeyType {
  /** RSA, signatures PKCS#1 v1.5 with SHA-256 (deterministic). */
  RSA("RSA", "SHA256withRSA"),
  /** ECDSA on a NIST curve with SHA-256, nonces derived per RFC 6979 (deterministic). */
  EC("EC", "SHA256withECDSA");

  private final String jcaName;
  private final String signatureAlgorithm;

  KeyType(String jcaName, String signatureAlgorithm) {
    this.jcaName = jcaName;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /**
   * @return the JCA key algorithm name ({@code "RSA"} or {@code "EC"})
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * @return the JCA signature algorithm with SHA-256
   */
  String signatureAlgorithm() {
    return signatureAlgorithm;
  }
}
