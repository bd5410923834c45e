package dev.mkddi.uki;

import static dev.mkddi.uki.PeConstants.CHECKSUM;
import static dev.mkddi.uki.PeConstants.COFF_SYMBOL_SIZE;
import static dev.mkddi.uki.PeConstants.FILE_CHARACTERISTICS;
import static dev.mkddi.uki.PeConstants.IMAGE_FILE_LOCAL_SYMS_STRIPPED;
import static dev.mkddi.uki.PeConstants.NUMBER_OF_SECTIONS;
import static dev.mkddi.uki.PeConstants.NUMBER_OF_SYMBOLS;
import static dev.mkddi.uki.PeConstants.POINTER_TO_SYMBOL_TABLE;
import static dev.mkddi.uki.PeConstants.SCN_CNT_CODE;
import static dev.mkddi.uki.PeConstants.SCN_CNT_INITIALIZED_DATA;
import static dev.mkddi.uki.PeConstants.SCN_MEM_READ;
import static dev.mkddi.uki.PeConstants.SH_CHARACTERISTICS;
import static dev.mkddi.uki.PeConstants.SH_NAME;
import static dev.mkddi.uki.PeConstants.SH_POINTER_TO_RAW_DATA;
import static dev.mkddi.uki.PeConstants.SH_SIZE_OF_RAW_DATA;
import static dev.mkddi.uki.PeConstants.SH_VIRTUAL_ADDRESS;
import static dev.mkddi.uki.PeConstants.SH_VIRTUAL_SIZE;
import static dev.mkddi.uki.PeConstants.SIZE_OF_HEADERS;
import static dev.mkddi.uki.PeConstants.SIZE_OF_IMAGE;
import static dev.mkddi.uki.PeConstants.SIZE_OF_INITIALIZED_DATA;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a UKI from a systemd-stub the way current ukify does (no objcopy): strips a trailing COFF
 * symbol table, pads the stub's sections to FileAlignment, rounds SizeOfHeaders up to
 * FileAlignment, refuses a signed stub, then appends each section (header in the free header space,
 * data at the end of the file), in ukify's order: {@code .osrel .cmdline .dtb .uname .splash
 * .pcrpkey .initrd .ucode}, other sections, {@code .linux}, {@code .sbat}, {@code .pcrsig}. A
 * section whose name the stub already has (its {@code .sbat}) replaces that section's data in
 * place. CheckSum is set to 0 as ukify does: firmware ignores it and signing tools recompute it.
 * Stateless and thread-safe.
 */
public final class UkiAssembler {
  private static final List<String> HEAD =
      List.of(".osrel", ".cmdline", ".dtb", ".uname", ".splash", ".pcrpkey", ".initrd", ".ucode");
  private static final List<String> TAIL = List.of(".linux", ".sbat", ".pcrsig");
  private static final Set<String> REPEATABLE = Set.of(".dtbauto", ".efifw");
  private static final int MAX_STUB = 64 << 20;

  private UkiAssembler() {}

  /**
   * Plans a UKI: reads the stub, lays out the sections and fixes the headers.
   *
   * @param stub the systemd-stub, e.g. {@code /usr/lib/systemd/boot/efi/linuxx64.efi.stub}
   * @param sections the sections to add, any order (put into ukify's order)
   * @return the planned UKI, to be written with {@link UkiImage#write}
   * @throws InvalidInputException when the stub is signed, has no room for the section headers, or
   *     a section name is invalid or repeated
   * @throws dev.mkddi.io.FormatException when the stub is not a PE image
   * @throws IOException when a file cannot be read
   */
  public static UkiImage plan(Path stub, List<UkiSection> sections) throws IOException {
    long stubSize = Files.size(stub);
    if (stubSize > MAX_STUB) {
      throw new InvalidInputException("UKI stub " + stub + ": " + stubSize + " bytes, too big");
    }
    PeHeaders h = PeHeaders.parse(stub.toString(), Files.readAllBytes(stub));
    stripSymbolTable(h);
    padSections(h);
    long fa = h.fileAlignment();
    h.put32(h.opt() + SIZE_OF_HEADERS, roundUp(h.sizeOfHeaders(), fa));
    if (h.signed()) {
      throw new InvalidInputException(
          "UKI stub "
              + stub
              + " is signed (it has a security directory); use an unsigned "
              + "systemd-stub and sign the UKI afterwards");
    }
    List<UkiSection> ordered = order(sections);
    checkHeaderRoom(h, ordered);
    int original = h.sectionCount();
    List<UkiSectionPlacement> placements = new ArrayList<>();
    long fileLength = h.data().length;
    for (UkiSection s : ordered) {
      int existing = find(h, s.name(), original);
      if (existing >= 0) {
        replace(h, existing, s);
        continue;
      }
      long length = s.length();
      long virtualSize = length;
      if (s.name().equals(".linux")) {
        Long image = KernelImage.sizeOfImage(s);
        virtualSize = image != null ? image : length;
      }
      int last = h.sectionCount() - 1;
      long va = roundUp(h.virtualAddress(last) + h.virtualSize(last), h.sectionAlignment());
      long ptr = roundUp(fileLength, fa);
      long raw = roundUp(length, fa);
      int sh = h.sectionHeader(h.sectionCount());
      byte[] name = s.name().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(name, 0, h.data(), sh + SH_NAME, name.length);
      h.put32(sh + SH_VIRTUAL_SIZE, virtualSize);
      h.put32(sh + SH_VIRTUAL_ADDRESS, va);
      h.put32(sh + SH_SIZE_OF_RAW_DATA, raw);
      h.put32(sh + SH_POINTER_TO_RAW_DATA, ptr);
      int kind = s.name().equals(".linux") ? SCN_CNT_CODE : SCN_CNT_INITIALIZED_DATA;
      h.put32(sh + SH_CHARACTERISTICS, SCN_MEM_READ | kind);
      h.put16(h.pe() + NUMBER_OF_SECTIONS, h.sectionCount() + 1);
      int sizeOfData = h.opt() + SIZE_OF_INITIALIZED_DATA;
      h.put32(sizeOfData, h.u32(sizeOfData) + virtualSize);
      placements.add(new UkiSectionPlacement(s.name(), va, virtualSize, ptr, raw, length));
      fileLength = Math.addExact(ptr, raw);
    }
    int last = h.sectionCount() - 1;
    h.put32(h.opt() + CHECKSUM, 0);
    h.put32(
        h.opt() + SIZE_OF_IMAGE,
        roundUp(h.virtualAddress(last) + h.virtualSize(last), h.sectionAlignment()));
    return new UkiImage(
        h.data(),
        ordered.stream().filter(s -> find(h, s.name(), original) < 0).toList(),
        placements,
        fileLength);
  }

  /**
   * Plans and writes a UKI in one go.
   *
   * @param stub the systemd-stub
   * @param sections the sections to add
   * @param out the output file (written from offset 0 and truncated to the UKI's length)
   * @param listener receives progress in bytes
   * @throws IOException as {@link #plan} and {@link UkiImage#write}
   */
  public static void assemble(
      Path stub, List<UkiSection> sections, FileChannel out, ProgressListener listener)
      throws IOException {
    plan(stub, sections).write(out, listener);
  }

  static long roundUp(long x, long alignment) {
    return (x + alignment - 1) / alignment * alignment;
  }

  /** ukify's order: the known head sections, the rest as given, then .linux, .sbat, .pcrsig. */
  private static List<UkiSection> order(List<UkiSection> sections) throws InvalidInputException {
    Set<String> seen = new HashSet<>();
    for (UkiSection s : sections) {
      s.validate();
      if (!seen.add(s.name()) && !REPEATABLE.contains(s.name())) {
        throw new InvalidInputException("UKI section " + s.name() + " is given twice");
      }
    }
    List<UkiSection> out = new ArrayList<>();
    for (String n : HEAD) {
      sections.stream().filter(s -> s.name().equals(n)).forEach(out::add);
    }
    sections.stream()
        .filter(s -> !HEAD.contains(s.name()) && !TAIL.contains(s.name()))
        .forEach(out::add);
    for (String n : TAIL) {
      sections.stream().filter(s -> s.name().equals(n)).forEach(out::add);
    }
    return out;
  }

  private static int find(PeHeaders h, String name, int original) {
    for (int i = 0; i < original; i++) {
      if (h.sectionName(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static void checkHeaderRoom(PeHeaders h, List<UkiSection> sections)
      throws InvalidInputException {
    int added = 0;
    for (UkiSection s : sections) {
      if (find(h, s.name(), h.sectionCount()) < 0) {
        added++;
      }
    }
    long end = h.sectionHeader(h.sectionCount() + added);
    if (end > h.sizeOfHeaders() || h.sizeOfHeaders() > h.data().length) {
      throw new InvalidInputException(
          String.format(
              "UKI stub %s: no room for %d more section headers (%d sections, headers would end at"
                  + " 0x%x, SizeOfHeaders is 0x%x)",
              h.file(), added, h.sectionCount(), end, h.sizeOfHeaders()));
    }
  }

  /** Drops a COFF symbol table that ends the file, as ukify does for old stubs. */
  private static void stripSymbolTable(PeHeaders h) {
    long table = h.u32(h.pe() + POINTER_TO_SYMBOL_TABLE);
    if (table == 0) {
      return;
    }
    long size = h.u32(h.pe() + NUMBER_OF_SYMBOLS) * COFF_SYMBOL_SIZE;
    if (table + size + 4 <= h.data().length) {
      size += h.u32((int) (table + size));
    }
    if (table + size == h.data().length) {
      h.setData(Arrays.copyOf(h.data(), (int) table));
      h.put32(h.pe() + POINTER_TO_SYMBOL_TABLE, 0);
      h.put32(h.pe() + NUMBER_OF_SYMBOLS, 0);
      int ch = h.pe() + FILE_CHARACTERISTICS;
      h.put16(ch, h.u16(ch) | IMAGE_FILE_LOCAL_SYMS_STRIPPED);
    }
  }

  /** Moves and pads each stub section's raw data to FileAlignment, as ukify does. */
  private static void padSections(PeHeaders h) {
    long fa = h.fileAlignment();
    for (int i = 0; i < h.sectionCount(); i++) {
      long oldPtr = h.rawPointer(i);
      long oldSize = h.rawSize(i);
      long padPtr = roundUp(oldPtr, fa) - oldPtr;
      long padSize = roundUp(oldSize, fa) - oldSize;
      if (padPtr == 0 && padSize == 0) {
        continue;
      }
      byte[] d = h.data();
      ByteArrayOutputStream o = new ByteArrayOutputStream(d.length + (int) (padPtr + padSize));
      o.write(d, 0, (int) oldPtr);
      o.writeBytes(new byte[(int) padPtr]);
      o.write(d, (int) oldPtr, (int) oldSize);
      o.writeBytes(new byte[(int) padSize]);
      o.write(d, (int) (oldPtr + oldSize), d.length - (int) (oldPtr + oldSize));
      h.setData(o.toByteArray());
      h.put32(h.sectionHeader(i) + SH_POINTER_TO_RAW_DATA, oldPtr + padPtr);
      h.put32(h.sectionHeader(i) + SH_SIZE_OF_RAW_DATA, oldSize + padSize);
      for (int j = i + 1; j < h.sectionCount(); j++) {
        int p = h.sectionHeader(j) + SH_POINTER_TO_RAW_DATA;
        h.put32(p, h.u32(p) + padPtr + padSize);
      }
    }
  }

  /** Replaces the data of a stub section (its .sbat) in place, as ukify does. */
  private static void replace(PeHeaders h, int i, UkiSection s) throws IOException {
    byte[] content = s.bytes() != null ? s.bytes() : Files.readAllBytes(s.file());
    long room = h.rawSize(i);
    if (i + 1 < h.sectionCount()) {
      room = Math.min(room, h.virtualAddress(i + 1) - h.virtualAddress(i));
    }
    if (content.length > room) {
      throw new InvalidInputException(
          String.format(
              "UKI: %d bytes of %s do not fit into the stub's %s section (%d bytes of room)",
              content.length, s.name(), s.name(), room));
    }
    int ptr = (int) h.rawPointer(i);
    Arrays.fill(h.data(), ptr, ptr + (int) h.rawSize(i), (byte) 0);
    System.arraycopy(content, 0, h.data(), ptr, content.length);
    int sh = h.sectionHeader(i);
    h.put32(sh + SH_VIRTUAL_SIZE, content.length);
    h.put32(sh + SH_SIZE_OF_RAW_DATA, roundUp(content.length, h.fileAlignment()));
  }
}
