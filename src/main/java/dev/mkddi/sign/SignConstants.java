package dev.mkddi.sign;

/** Sizes and names of the verity signature formats (see {@code spec/signature.md}). */
public final class SignConstants {
  /** Size of the {@code root-verity-sig} partition systemd-repart writes (VERITY_SIG_SIZE). */
  public static final int SIGNATURE_PARTITION_SIZE = 16 * 1024;

  /** systemd-dissect refuses larger signature partitions than this. */
  public static final long SIGNATURE_PARTITION_MAX_READ = 4L * 1024 * 1024;

  /** JSON key of the signed root hash (lower-case hex). */
  public static final String KEY_ROOT_HASH = "rootHash";

  /** JSON key of the SHA-256 fingerprint of the signer's DER certificate (lower-case hex). */
  public static final String KEY_CERTIFICATE_FINGERPRINT = "certificateFingerprint";

  /** JSON key of the DER PKCS#7 signature (standard Base64). */
  public static final String KEY_SIGNATURE = "signature";

  /** Digest of the signature and of the certificate fingerprint. */
  static final String DIGEST = "SHA-256";

  /** Smallest RSA modulus mkddi signs with. */
  static final int MIN_RSA_BITS = 2048;

  private SignConstants() {}
}
