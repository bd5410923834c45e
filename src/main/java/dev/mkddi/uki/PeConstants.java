package dev.mkddi.uki;

/** PE/COFF header layout (offsets in bytes, chained from the start of each header). */
final class PeConstants {
  static final int DOS_MAGIC = 0x5A4D; // "MZ"
  static final int DOS_HEADER_SIZE = 64;
  static final int E_LFANEW_OFFSET = 0x3C;
  static final int PE_SIGNATURE = 0x00004550; // "PE\0\0"
  static final int PE_SIGNATURE_LEN = 4;

  // COFF file header, from the PE signature
  static final int COFF_OFFSET = PE_SIGNATURE_LEN;
  static final int MACHINE = COFF_OFFSET;
  static final int NUMBER_OF_SECTIONS = MACHINE + 2;
  static final int POINTER_TO_SYMBOL_TABLE = NUMBER_OF_SECTIONS + 2 + 4;
  static final int NUMBER_OF_SYMBOLS = POINTER_TO_SYMBOL_TABLE + 4;
  static final int SIZE_OF_OPTIONAL_HEADER = NUMBER_OF_SYMBOLS + 4;
  static final int FILE_CHARACTERISTICS = SIZE_OF_OPTIONAL_HEADER + 2;
  static final int OPTIONAL_HEADER = FILE_CHARACTERISTICS + 2;

  // optional header, from its start
  static final int OPT_MAGIC = 0;
  static final int PE32_MAGIC = 0x10B;
  static final int PE32_PLUS_MAGIC = 0x20B;
  static final int SIZE_OF_INITIALIZED_DATA = 8;
  static final int SECTION_ALIGNMENT = 32;
  static final int FILE_ALIGNMENT = SECTION_ALIGNMENT + 4;
  static final int SIZE_OF_IMAGE = 56;
  static final int SIZE_OF_HEADERS = SIZE_OF_IMAGE + 4;
  static final int CHECKSUM = SIZE_OF_HEADERS + 4;
  static final int SUBSYSTEM = CHECKSUM + 4;
  static final int PE32_NUMBER_OF_RVA_AND_SIZES = 92;
  static final int PE32_PLUS_NUMBER_OF_RVA_AND_SIZES = 108;
  static final int CHECKSUM_LEN = 4;
  static final int DATA_DIRECTORY_SIZE = 8;
  static final int SECURITY_DIRECTORY_INDEX = 4;

  // certificate table entry (WIN_CERTIFICATE), from its start; the table is 8-byte aligned
  static final int WIN_CERT_LENGTH = 0;
  static final int WIN_CERT_REVISION = WIN_CERT_LENGTH + 4;
  static final int WIN_CERT_TYPE = WIN_CERT_REVISION + 2;
  static final int WIN_CERT_HEADER_SIZE = WIN_CERT_TYPE + 2;
  static final int WIN_CERT_REVISION_2_0 = 0x0200;
  static final int WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;
  static final int CERTIFICATE_TABLE_ALIGNMENT = 8;

  // section header
  static final int SECTION_HEADER_SIZE = 40;
  static final int SH_NAME = 0;
  static final int SH_NAME_LEN = 8;
  static final int SH_VIRTUAL_SIZE = SH_NAME + SH_NAME_LEN;
  static final int SH_VIRTUAL_ADDRESS = SH_VIRTUAL_SIZE + 4;
  static final int SH_SIZE_OF_RAW_DATA = SH_VIRTUAL_ADDRESS + 4;
  static final int SH_POINTER_TO_RAW_DATA = SH_SIZE_OF_RAW_DATA + 4;
  static final int SH_CHARACTERISTICS = SH_POINTER_TO_RAW_DATA + 4 + 4 + 4 + 2 + 2;

  static final int IMAGE_FILE_LOCAL_SYMS_STRIPPED = 0x0008;
  static final int COFF_SYMBOL_SIZE = 18;
  static final int SCN_CNT_CODE = 0x00000020;
  static final int SCN_CNT_INITIALIZED_DATA = 0x00000040;
  static final int SCN_MEM_READ = 0x40000000;

  private PeConstants() {}
}
