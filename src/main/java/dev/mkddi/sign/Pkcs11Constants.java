package dev.mkddi.sign;

/**
 * The PKCS#11 (v2.40) constants mkddi uses: object classes, key types, attributes, mechanisms,
 * flags and return values, as {@code pkcs11t.h} defines them.
 */
final class Pkcs11Constants {
  // object classes
  static final long CKO_CERTIFICATE = 0x1;
  static final long CKO_PUBLIC_KEY = 0x2;
  static final long CKO_PRIVATE_KEY = 0x3;

  // key and certificate types
  static final long CKK_RSA = 0x0;
  static final long CKK_EC = 0x3;
  static final long CKC_X_509 = 0x0;

  // attributes
  static final long CKA_CLASS = 0x0;
  static final long CKA_TOKEN = 0x1;
  static final long CKA_PRIVATE = 0x2;
  static final long CKA_LABEL = 0x3;
  static final long CKA_VALUE = 0x11;
  static final long CKA_CERTIFICATE_TYPE = 0x80;
  static final long CKA_ISSUER = 0x81;
  static final long CKA_SERIAL_NUMBER = 0x82;
  static final long CKA_KEY_TYPE = 0x100;
  static final long CKA_SUBJECT = 0x101;
  static final long CKA_ID = 0x102;
  static final long CKA_SENSITIVE = 0x103;
  static final long CKA_ENCRYPT = 0x104;
  static final long CKA_DECRYPT = 0x105;
  static final long CKA_WRAP = 0x106;
  static final long CKA_UNWRAP = 0x107;
  static final long CKA_SIGN = 0x108;
  static final long CKA_VERIFY = 0x10A;
  static final long CKA_DERIVE = 0x10C;
  static final long CKA_MODULUS = 0x120;
  static final long CKA_MODULUS_BITS = 0x121;
  static final long CKA_PUBLIC_EXPONENT = 0x122;
  static final long CKA_EXTRACTABLE = 0x162;
  static final long CKA_EC_PARAMS = 0x180;
  static final long CKA_EC_POINT = 0x181;

  // mechanisms
  static final long CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0;
  static final long CKM_RSA_PKCS = 0x1;
  static final long CKM_EC_KEY_PAIR_GEN = 0x1040;
  static final long CKM_ECDSA = 0x1041;

  // session and token flags
  static final long CKF_RW_SESSION = 0x2;
  static final long CKF_SERIAL_SESSION = 0x4;
  static final long CKF_LOGIN_REQUIRED = 0x4;
  static final long CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
  static final long CKF_TOKEN_INITIALIZED = 0x400;
  static final long CKU_USER = 0x1;

  // return values handled specially
  static final long CKR_PIN_INCORRECT = 0xA0;
  static final long CKR_PIN_INVALID = 0xA1;
  static final long CKR_PIN_LEN_RANGE = 0xA2;
  static final long CKR_PIN_EXPIRED = 0xA3;
  static final long CKR_PIN_LOCKED = 0xA4;
  static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
  static final long CKR_ATTRIBUTE_SENSITIVE = 0x11;
  static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12;

  private Pkcs11Constants() {}
}
