package dev.mkddi.verity;

import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The layout of kiwi's verity metadata block ({@code embed_verity_metadata="true"}), in one place
 * for its reader, its writer and the signature check: the last 4 KiB of a root partition that holds
 * its own hash tree, {@code "<version> <fs> ro verity" 0xFF "<hash type> <data block size> <hash
 * block size> <data blocks> <hash start block> <algorithm> <root hash> <salt>" 0xFF 0x00}, then an
 * RSA-PSS signature over everything before it, then zeros.
 */
public final class KiwiMetadataConstants {
  /** Size of the block kiwi reserves at the end of the root partition. */
  public static final int BLOCK_SIZE = 4096;

  /** The block format version kiwi writes. */
  static final int FORMAT_VERSION = 1;

  /** Ends the header and the verity fields. */
  static final byte SEPARATOR = (byte) 0xFF;

  /** Ends the signed bytes, after the second separator. */
  static final byte TERMINATOR = 0;

  /** The header's words after the version and the file system type. */
  static final String HEADER_SUFFIX = " ro verity";

  /** The verity fields, separated by single spaces. */
  static final int FIELDS = 8;

  /** The salt field of an empty salt. */
  static final String NO_SALT = "-";

  /** The hash start block counts blocks of this size from the start of the partition. */
  static final int HASH_START_UNIT = BLOCK_SIZE;

  /** JCA name of the signature: RSASSA-PSS. */
  static final String SIGNATURE_ALGORITHM = "RSASSA-PSS";

  /** kiwi's PSS parameters: SHA-256, MGF1 with SHA-256, a 32-byte salt, trailer field 1. */
  static final PSSParameterSpec PSS =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  private KiwiMetadataConstants() {}
}
