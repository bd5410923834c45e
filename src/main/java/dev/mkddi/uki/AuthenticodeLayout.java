package dev.mkddi.uki;

import static dev.mkddi.uki.PeConstants.CERTIFICATE_TABLE_ALIGNMENT;
import static dev.mkddi.uki.PeConstants.CHECKSUM_LEN;
import static dev.mkddi.uki.PeConstants.DATA_DIRECTORY_SIZE;
import static dev.mkddi.uki.PeConstants.DOS_HEADER_SIZE;
import static dev.mkddi.uki.PeConstants.DOS_MAGIC;
import static dev.mkddi.uki.PeConstants.E_LFANEW_OFFSET;
import static dev.mkddi.uki.PeConstants.NUMBER_OF_SECTIONS;
import static dev.mkddi.uki.PeConstants.OPTIONAL_HEADER;
import static dev.mkddi.uki.PeConstants.SECTION_HEADER_SIZE;
import static dev.mkddi.uki.PeConstants.SH_POINTER_TO_RAW_DATA;
import static dev.mkddi.uki.PeConstants.SIZE_OF_HEADERS;
import static dev.mkddi.uki.PeConstants.SIZE_OF_OPTIONAL_HEADER;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What the Authenticode image hash of a PE file covers, as Microsoft's "Windows Authenticode
 * Portable Executable Signature Format" defines it and sbsign, pesign and EDK2's image verifier
 * compute it: the headers up to {@code SizeOfHeaders} without the {@code CheckSum} field and
 * without the certificate table's data-directory entry, then the raw data of every section that has
 * some, in file order, then whatever lies between the sum of those sizes and the certificate table
 * (data after the sections, and the padding before the table). The certificate table itself is
 * never hashed. Immutable and thread-safe.
 *
 * @param file the file name, for messages
 * @param fileSize the size of the file
 * @param checksumOffset where the optional header's {@code CheckSum} is
 * @param securityEntryOffset where the certificate table's data-directory entry is
 * @param sizeOfHeaders the optional header's {@code SizeOfHeaders}
 * @param sections the sections' raw data, in file order, empty sections left out
 * @param certificateTableOffset file offset of the certificate table (0 when unsigned)
 * @param certificateTableSize its size in bytes (0 when unsigned)
 */
record AuthenticodeLayout(
    String file,
    long fileSize,
    int checksumOffset,
    int securityEntryOffset,
    long sizeOfHeaders,
    List<Region> sections,
    long certificateTableOffset,
    long certificateTableSize) {

  /**
   * A hashed byte range {@code [start, end)}.
   *
   * @param name what it is (a section name, or a part of the headers), for messages
   * @param start first byte
   * @param end one past the last byte
   */
  record Region(String name, long start, long end) {
    long length() {
      return end - start;
    }
  }

  /** Copies the section list. */
  AuthenticodeLayout {
    Objects.requireNonNull(file, "file");
    sections = List.copyOf(sections);
  }

  /**
   * Reads the headers of a PE file and checks what the image hash needs.
   *
   * @param ch the file
   * @param file its name, for messages
   * @return the layout
   * @throws FormatException when the file is not a PE image, has no certificate table entry, or a
   *     section or the certificate table lies outside the file
   * @throws IOException when the file cannot be read
   */
  static AuthenticodeLayout read(FileChannel ch, String file) throws IOException {
    PeHeaders h = PeHeaders.parse(file, headerBytes(ch, file));
    long size = ch.size();
    int entry = h.securityEntryOffset();
    if (entry < 0) {
      throw new FormatException(
          file,
          h.pe() + SIZE_OF_OPTIONAL_HEADER,
          "data directories",
          "the optional header has no certificate table entry (data directory 5)");
    }
    long headers = h.sizeOfHeaders();
    if (headers < entry + DATA_DIRECTORY_SIZE || headers > size) {
      throw new FormatException(
          file,
          h.opt() + SIZE_OF_HEADERS,
          "SizeOfHeaders",
          "expected "
              + (entry + DATA_DIRECTORY_SIZE)
              + " to "
              + size
              + " (the file's size), got "
              + headers);
    }
    List<Region> sections = new ArrayList<>();
    for (int i = 0; i < h.sectionCount(); i++) {
      long start = h.rawPointer(i);
      long end = start + h.rawSize(i);
      if (h.rawSize(i) == 0) {
        continue;
      }
      if (end > size) {
        throw new FormatException(
            file,
            h.sectionHeader(i) + SH_POINTER_TO_RAW_DATA,
            "section " + h.sectionName(i),
            String.format(
                "raw data 0x%x-0x%x ends past the end of the file (%d bytes)", start, end, size));
      }
      sections.add(new Region(h.sectionName(i), start, end));
    }
    sections.sort(Comparator.comparingLong(Region::start));
    long tableOffset = h.u32(entry);
    long tableSize = h.u32(entry + 4);
    if (tableSize != 0 && (tableOffset < headers || tableOffset + tableSize != size)) {
      throw new FormatException(
          file,
          entry,
          "certificate table entry",
          String.format(
              "table 0x%x-0x%x is not at the end of the file (%d bytes)",
              tableOffset, tableOffset + tableSize, size));
    }
    return new AuthenticodeLayout(
        file,
        size,
        h.checksumOffset(),
        entry,
        headers,
        sections,
        tableSize == 0 ? 0 : tableOffset,
        tableSize);
  }

  /** The DOS header, PE headers and section table: all of {@link PeHeaders} needs. */
  private static byte[] headerBytes(FileChannel ch, String file) throws IOException {
    long size = ch.size();
    if (size < DOS_HEADER_SIZE) {
      throw new FormatException(file, 0, "DOS header", "the file has only " + size + " bytes");
    }
    ByteBuffer dos = read(ch, 0, DOS_HEADER_SIZE);
    if ((dos.getShort(0) & 0xFFFF) != DOS_MAGIC) {
      throw new FormatException(file, 0, "DOS magic", "expected 'MZ': not a PE/EFI image");
    }
    long pe = LittleEndian.unsigned(dos.getInt(E_LFANEW_OFFSET));
    if (pe + OPTIONAL_HEADER > size) {
      throw new FormatException(
          file, E_LFANEW_OFFSET, "e_lfanew", "points outside the file: " + pe);
    }
    ByteBuffer coff = read(ch, pe, OPTIONAL_HEADER);
    long end =
        pe
            + OPTIONAL_HEADER
            + (coff.getShort(SIZE_OF_OPTIONAL_HEADER) & 0xFFFF)
            + (long) (coff.getShort(NUMBER_OF_SECTIONS) & 0xFFFF) * SECTION_HEADER_SIZE;
    if (end > size) {
      throw new FormatException(
          file, pe + NUMBER_OF_SECTIONS, "NumberOfSections", "section table extends past the file");
    }
    ByteBuffer all = read(ch, 0, (int) end);
    return all.array();
  }

  private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = LittleEndian.allocate(length);
    PositionalIo.readFully(ch, b, position);
    return b.flip();
  }

  /**
   * @return whether the file has a certificate table
   */
  boolean signed() {
    return certificateTableSize != 0;
  }

  /**
   * @param end where the hashed image ends: the certificate table's offset, or for a file about to
   *     be signed its size rounded up to {@value PeConstants#CERTIFICATE_TABLE_ALIGNMENT}
   * @return the hashed ranges, in hash order
   */
  List<Region> regions(long end) {
    List<Region> r = new ArrayList<>();
    r.add(new Region("headers before CheckSum", 0, checksumOffset));
    r.add(
        new Region(
            "headers before the certificate table entry",
            checksumOffset + CHECKSUM_LEN,
            securityEntryOffset));
    r.add(
        new Region(
            "headers after the certificate table entry",
            securityEntryOffset + DATA_DIRECTORY_SIZE,
            sizeOfHeaders));
    long hashed = sizeOfHeaders;
    for (Region s : sections) {
      r.add(s);
      hashed += s.length();
    }
    if (end > hashed) {
      r.add(new Region("data after the sections", hashed, end));
    }
    return r;
  }

  /**
   * @return where the hashed image of a signed file ends: its certificate table
   */
  long imageEnd() {
    return signed() ? certificateTableOffset : fileSize;
  }

  /**
   * @param x a size
   * @return {@code x} rounded up to the certificate table's alignment
   */
  static long alignTable(long x) {
    return Math.addExact(x, CERTIFICATE_TABLE_ALIGNMENT - 1) & -CERTIFICATE_TABLE_ALIGNMENT;
  }
}
