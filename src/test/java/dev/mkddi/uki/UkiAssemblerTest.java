package dev.mkddi.uki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UkiAssemblerTest {
  @TempDir Path tmp;

  private Path write(String name, byte[] data) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, data);
    return p;
  }

  private List<UkiSection> sections() throws Exception {
    return List.of(
        UkiSection.file(".linux", write("vmlinuz", TestPe.kernel(0x3000, 0x9000))),
        UkiSection.bytes(
            ".cmdline", "roothash=ab console=ttyS0".getBytes(StandardCharsets.US_ASCII)),
        UkiSection.bytes(".osrel", "ID=test\n".getBytes(StandardCharsets.US_ASCII)),
        UkiSection.bytes(".uname", "6.1.0-test".getBytes(StandardCharsets.US_ASCII)),
        UkiSection.file(".initrd", write("initrd", TestPe.fill(5000, 9))),
        UkiSection.bytes(".splash", new byte[] {'B', 'M'}),
        UkiSection.bytes(".dtb", new byte[] {1, 2, 3}),
        UkiSection.bytes(".extra", new byte[] {4}));
  }

  private byte[] assemble(Path stub, List<UkiSection> sections) throws Exception {
    Path out = tmp.resolve("uki.efi");
    try (FileChannel ch =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      UkiAssembler.assemble(stub, sections, ch, ProgressListener.NONE);
    }
    return Files.readAllBytes(out);
  }

  @Test
  void testPlan_ukifyOrderAndPlacement() throws Exception {
    List<UkiSection> shuffled = new ArrayList<>(sections());
    Collections.shuffle(shuffled, new Random(3));
    UkiImage uki = UkiAssembler.plan(write("stub", TestPe.stub().build()), shuffled);
    List<String> names = uki.placements().stream().map(UkiSectionPlacement::name).toList();
    assertEquals(
        List.of(".osrel", ".cmdline", ".dtb", ".uname", ".splash", ".initrd", ".extra", ".linux"),
        names);
    long va = 0x6000; // .sdmagic at 0x5000 + 0x34, rounded to SectionAlignment
    long ptr = 0x400 + 0x1400 + 0x400 + 0x200 + 0x200;
    for (UkiSectionPlacement p : uki.placements()) {
      assertEquals(va, p.virtualAddress(), p.name());
      assertEquals(ptr, p.pointerToRawData(), p.name());
      assertEquals(TestPe.align((int) p.length(), 0x200), p.sizeOfRawData(), p.name());
      va = TestPe.align((int) (va + p.virtualSize()), 0x1000);
      ptr += p.sizeOfRawData();
    }
    UkiSectionPlacement linux = uki.placements().get(7);
    assertEquals(0x9000, linux.virtualSize(), ".linux VirtualSize is the kernel's SizeOfImage");
    assertEquals(0x3000, linux.length());
    assertEquals(ptr, uki.length());
  }

  @Test
  void testWrite_headersAndContent() throws Exception {
    Path stub = write("stub", TestPe.stub().build());
    byte[] out = assemble(stub, sections());
    PeHeaders h = PeHeaders.parse("uki", out);
    assertEquals(12, h.sectionCount());
    assertEquals(".cmdline", h.sectionName(5));
    assertEquals(".linux", h.sectionName(11));
    assertEquals(0x40000020L, h.u32(h.sectionHeader(11) + 36), ".linux is code");
    assertEquals(0x40000040L, h.u32(h.sectionHeader(5) + 36));
    long end = h.virtualAddress(11) + h.virtualSize(11);
    assertEquals(TestPe.align((int) end, 0x1000), h.u32(h.opt() + 56), "SizeOfImage");
    assertEquals(0, h.u32(h.opt() + 64), "CheckSum");
    long added = 0;
    for (int i = 4; i < 12; i++) {
      added += h.virtualSize(i);
    }
    assertEquals(0x5000 + added, h.u32(h.opt() + 8), "SizeOfInitializedData");
    int cmd = (int) h.rawPointer(5);
    assertEquals(
        "roothash=ab console=ttyS0",
        new String(out, cmd, (int) h.virtualSize(5), StandardCharsets.US_ASCII));
    assertEquals(0, out[cmd + (int) h.virtualSize(5)], "zero padding");
    byte[] kernel = Files.readAllBytes(tmp.resolve("vmlinuz"));
    int k = (int) h.rawPointer(11);
    assertArrayEquals(kernel, Arrays.copyOfRange(out, k, k + kernel.length));
    assertArrayEquals(TestPe.stub().build(), Files.readAllBytes(stub), "stub left unchanged");
  }

  @Test
  void testPlan_signedStubRefused() throws Exception {
    TestPe pe = TestPe.stub();
    pe.signed = true;
    Path stub = write("signed", pe.build());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> UkiAssembler.plan(stub, sections()));
    assertTrue(e.getMessage().contains("is signed"), e.getMessage());
  }

  @Test
  void testPlan_noHeaderRoom() throws Exception {
    TestPe pe = TestPe.stub();
    pe.sizeOfHeaders = 0x200;
    Path stub = write("small", pe.build());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> UkiAssembler.plan(stub, sections()));
    assertEquals(
        "UKI stub "
            + stub
            + ": no room for 8 more section headers (4 sections, headers would end"
            + " at 0x328, SizeOfHeaders is 0x200)",
        e.getMessage());
  }

  @Test
  void testPlan_stripsSymbolTableAndPadsSections() throws Exception {
    TestPe pe = TestPe.stub();
    pe.symbolBytes = 18 * 10 + 40;
    pe.unalignedRaw = true;
    Path stub = write("old", pe.build());
    byte[] out = assemble(stub, List.of(UkiSection.bytes(".cmdline", new byte[] {'x'})));
    PeHeaders h = PeHeaders.parse("uki", out);
    assertEquals(0, h.u32(h.pe() + 8), "PointerToSymbolTable");
    assertEquals(0, h.u32(h.pe() + 12), "NumberOfSymbols");
    for (int i = 0; i < h.sectionCount(); i++) {
      assertEquals(0, h.rawPointer(i) % 0x200, h.sectionName(i));
      assertEquals(0, h.rawSize(i) % 0x200, h.sectionName(i));
    }
    int data = (int) h.rawPointer(1);
    assertEquals(2, out[data]);
    assertEquals(2, out[data + 0x2FF]);
    assertEquals(0, out[data + 0x300]);
    assertEquals('x', out[(int) h.rawPointer(4)]);
  }

  @Test
  void testPlan_sbatReplacedInPlace() throws Exception {
    Path stub = write("stub", TestPe.stub().build());
    byte[] sbat = "sbat,1,SBAT Version\nuki,1,UKI\n".getBytes(StandardCharsets.US_ASCII);
    byte[] out = assemble(stub, List.of(UkiSection.bytes(".sbat", sbat)));
    PeHeaders h = PeHeaders.parse("uki", out);
    assertEquals(4, h.sectionCount());
    assertEquals(sbat.length, h.virtualSize(2));
    int p = (int) h.rawPointer(2);
    assertArrayEquals(sbat, Arrays.copyOfRange(out, p, p + sbat.length));
    byte[] tooBig = new byte[0x1001];
    assertThrows(
        InvalidInputException.class,
        () -> UkiAssembler.plan(stub, List.of(UkiSection.bytes(".sbat", tooBig))));
  }

  @Test
  void testPlan_badSections() throws Exception {
    Path stub = write("stub", TestPe.stub().build());
    InvalidInputException twice =
        assertThrows(
            InvalidInputException.class,
            () ->
                UkiAssembler.plan(
                    stub,
                    List.of(
                        UkiSection.bytes(".cmdline", new byte[1]),
                        UkiSection.bytes(".cmdline", new byte[1]))));
    assertEquals("UKI section .cmdline is given twice", twice.getMessage());
    InvalidInputException longName =
        assertThrows(
            InvalidInputException.class,
            () -> UkiAssembler.plan(stub, List.of(UkiSection.bytes(".toolongname", new byte[1]))));
    assertEquals(
        "UKI section name '.toolongname': expected 1 to 8 printable ASCII characters",
        longName.getMessage());
    Path notPe = write("notpe", new byte[100]);
    FormatException f =
        assertThrows(FormatException.class, () -> UkiAssembler.plan(notPe, List.of()));
    assertEquals(notPe + ": offset 0: DOS magic: expected 'MZ'", f.getMessage());
  }

  @Test
  void testPlan_nonPeKernelKeepsItsLength() throws Exception {
    Path stub = write("stub", TestPe.stub().build());
    UkiImage uki =
        UkiAssembler.plan(stub, List.of(UkiSection.bytes(".linux", TestPe.fill(3000, 1))));
    assertEquals(3000, uki.placements().get(0).virtualSize());
  }
}
