package dev.mkddi.uki;

import static dev.mkddi.uki.PeConstants.CHECKSUM;
import static dev.mkddi.uki.PeConstants.DATA_DIRECTORY_SIZE;
import static dev.mkddi.uki.PeConstants.DOS_MAGIC;
import static dev.mkddi.uki.PeConstants.E_LFANEW_OFFSET;
import static dev.mkddi.uki.PeConstants.FILE_ALIGNMENT;
import static dev.mkddi.uki.PeConstants.NUMBER_OF_SECTIONS;
import static dev.mkddi.uki.PeConstants.OPTIONAL_HEADER;
import static dev.mkddi.uki.PeConstants.OPT_MAGIC;
import static dev.mkddi.uki.PeConstants.PE32_MAGIC;
import static dev.mkddi.uki.PeConstants.PE32_NUMBER_OF_RVA_AND_SIZES;
import static dev.mkddi.uki.PeConstants.PE32_PLUS_MAGIC;
import static dev.mkddi.uki.PeConstants.PE32_PLUS_NUMBER_OF_RVA_AND_SIZES;
import static dev.mkddi.uki.PeConstants.PE_SIGNATURE;
import static dev.mkddi.uki.PeConstants.SECTION_ALIGNMENT;
import static dev.mkddi.uki.PeConstants.SECTION_HEADER_SIZE;
import static dev.mkddi.uki.PeConstants.SECURITY_DIRECTORY_INDEX;
import static dev.mkddi.uki.PeConstants.SH_NAME;
import static dev.mkddi.uki.PeConstants.SH_NAME_LEN;
import static dev.mkddi.uki.PeConstants.SH_POINTER_TO_RAW_DATA;
import static dev.mkddi.uki.PeConstants.SH_SIZE_OF_RAW_DATA;
import static dev.mkddi.uki.PeConstants.SH_VIRTUAL_ADDRESS;
import static dev.mkddi.uki.PeConstants.SH_VIRTUAL_SIZE;
import static dev.mkddi.uki.PeConstants.SIZE_OF_HEADERS;
import static dev.mkddi.uki.PeConstants.SIZE_OF_OPTIONAL_HEADER;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A PE/COFF image held in memory (a systemd-stub, some 100 KiB) with typed access to the header
 * fields mkddi reads and changes. Not thread-safe.
 */
final class PeHeaders {
  private final String file;
  private byte[] data;
  private ByteBuffer b;
  private final int pe;
  private final int opt;
  private final int sectionTable;
  private final int dataDirectories;
  private final int rvaCount;

  private PeHeaders(String file, byte[] data) throws FormatException {
    this.file = file;
    this.data = data;
    this.b = LittleEndian.wrap(data);
    check(data.length >= 64 && u16(0) == DOS_MAGIC, 0, "DOS magic", "expected 'MZ'");
    pe = b.getInt(E_LFANEW_OFFSET);
    check(
        pe > 0 && pe + OPTIONAL_HEADER <= data.length,
        E_LFANEW_OFFSET,
        "e_lfanew",
        "points outside the file: " + pe);
    check(b.getInt(pe) == PE_SIGNATURE, pe, "PE signature", "expected 'PE\\0\\0'");
    opt = pe + OPTIONAL_HEADER;
    int magic = u16(opt + OPT_MAGIC);
    check(
        magic == PE32_MAGIC || magic == PE32_PLUS_MAGIC,
        opt,
        "optional header magic",
        String.format("expected 0x10b or 0x20b, got 0x%x", magic));
    boolean plus = magic == PE32_PLUS_MAGIC;
    int countOffset = plus ? PE32_PLUS_NUMBER_OF_RVA_AND_SIZES : PE32_NUMBER_OF_RVA_AND_SIZES;
    rvaCount = b.getInt(opt + countOffset);
    dataDirectories = opt + countOffset + 4;
    sectionTable = opt + u16(pe + SIZE_OF_OPTIONAL_HEADER);
    check(
        sectionTable + (long) sectionCount() * SECTION_HEADER_SIZE <= data.length,
        pe + NUMBER_OF_SECTIONS,
        "NumberOfSections",
        "section table extends past the file");
  }

  /**
   * @param file the file name, for messages
   * @param data the whole PE file
   * @return the parsed headers over {@code data}
   * @throws FormatException when {@code data} is not a PE image
   */
  static PeHeaders parse(String file, byte[] data) throws FormatException {
    return new PeHeaders(file, data);
  }

  private void check(boolean ok, long offset, String field, String problem) throws FormatException {
    if (!ok) {
      throw new FormatException(file, offset, field, problem);
    }
  }

  String file() {
    return file;
  }

  byte[] data() {
    return data;
  }

  /** Replaces the bytes (same header positions), after inserting padding. */
  void setData(byte[] newData) {
    data = newData;
    b = LittleEndian.wrap(newData);
  }

  int u16(int off) {
    return b.getShort(off) & 0xFFFF;
  }

  long u32(int off) {
    return b.getInt(off) & 0xFFFFFFFFL;
  }

  void put16(int off, int v) {
    b.putShort(off, (short) v);
  }

  void put32(int off, long v) {
    b.putInt(off, (int) v);
  }

  /** Offset of the PE signature; COFF fields are relative to it. */
  int pe() {
    return pe;
  }

  /** Offset of the optional header. */
  int opt() {
    return opt;
  }

  int sectionCount() {
    return u16(pe + NUMBER_OF_SECTIONS);
  }

  /**
   * @param i section index
   * @return the file offset of its header
   */
  int sectionHeader(int i) {
    return sectionTable + i * SECTION_HEADER_SIZE;
  }

  String sectionName(int i) {
    byte[] n = new byte[SH_NAME_LEN];
    b.get(sectionHeader(i) + SH_NAME, n);
    int len = 0;
    while (len < n.length && n[len] != 0) {
      len++;
    }
    return new String(n, 0, len, StandardCharsets.ISO_8859_1);
  }

  long virtualSize(int i) {
    return u32(sectionHeader(i) + SH_VIRTUAL_SIZE);
  }

  long virtualAddress(int i) {
    return u32(sectionHeader(i) + SH_VIRTUAL_ADDRESS);
  }

  long rawSize(int i) {
    return u32(sectionHeader(i) + SH_SIZE_OF_RAW_DATA);
  }

  long rawPointer(int i) {
    return u32(sectionHeader(i) + SH_POINTER_TO_RAW_DATA);
  }

  long sectionAlignment() {
    return u32(opt + SECTION_ALIGNMENT);
  }

  long fileAlignment() {
    return u32(opt + FILE_ALIGNMENT);
  }

  long sizeOfHeaders() {
    return u32(opt + SIZE_OF_HEADERS);
  }

  /** Offset of the optional header's CheckSum field. */
  int checksumOffset() {
    return opt + CHECKSUM;
  }

  /**
   * @return the offset of the certificate table's data-directory entry (the "security directory"),
   *     or -1 when the optional header has no room for it
   */
  int securityEntryOffset() {
    int entry = dataDirectories + SECURITY_DIRECTORY_INDEX * DATA_DIRECTORY_SIZE;
    boolean fits = entry + DATA_DIRECTORY_SIZE <= opt + u16(pe + SIZE_OF_OPTIONAL_HEADER);
    return rvaCount > SECURITY_DIRECTORY_INDEX && fits ? entry : -1;
  }

  /**
   * @return whether the image carries an Authenticode signature (a security directory)
   */
  boolean signed() {
    if (rvaCount <= SECURITY_DIRECTORY_INDEX) {
      return false;
    }
    return u32(dataDirectories + SECURITY_DIRECTORY_INDEX * DATA_DIRECTORY_SIZE) != 0;
  }
}
