package dev.mkddi.uki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeSignerTest {
  private static final int OPT = TestPe.OPT;
  private static final int CHECKSUM = OPT + 64;
  private static final int SECURITY_ENTRY = OPT + 112 + 4 * 8;

  @TempDir Path tmp;

  /** A fake signature: the digest followed by {@code extra} bytes of a pattern. */
  private static ImageDigestSigner fake(int extra, AtomicReference<byte[]> seen) {
    return digest -> {
      seen.set(digest.clone());
      byte[] sig = Arrays.copyOf(digest, digest.length + extra);
      for (int i = digest.length; i < sig.length; i++) {
        sig[i] = (byte) (i * 7);
      }
      return sig;
    };
  }

  private byte[] sign(byte[] unsigned, ImageDigestSigner signer) throws IOException {
    Path in = tmp.resolve("in.efi");
    Path out = tmp.resolve("out.efi");
    Files.write(in, unsigned);
    try (FileChannel i = FileChannel.open(in, StandardOpenOption.READ);
        FileChannel o =
            FileChannel.open(
                out,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      PeSigner.sign(i, o, "in.efi", signer, ProgressListener.NONE);
    }
    return Files.readAllBytes(out);
  }

  /** The Authenticode image hash as Microsoft's specification words it, over a whole array. */
  static byte[] referenceDigest(byte[] f, long imageEnd) throws Exception {
    ByteBuffer b = LittleEndian.wrap(f);
    int pe = b.getInt(0x3C);
    int opt = pe + 24;
    int dd = opt + (b.getShort(opt) == 0x20B ? 112 : 96);
    int checksum = opt + 64;
    int entry = dd + 32;
    int headers = b.getInt(opt + 60);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(f, 0, checksum);
    md.update(f, checksum + 4, entry - checksum - 4);
    md.update(f, entry + 8, headers - entry - 8);
    int table = opt + (b.getShort(pe + 20) & 0xFFFF);
    List<int[]> sections = new ArrayList<>();
    for (int i = 0; i < (b.getShort(pe + 6) & 0xFFFF); i++) {
      int raw = b.getInt(table + 40 * i + 16);
      if (raw > 0) {
        sections.add(new int[] {b.getInt(table + 40 * i + 20), raw});
      }
    }
    sections.sort(Comparator.comparingInt(s -> s[0]));
    long sum = headers;
    for (int[] s : sections) {
      md.update(f, s[0], s[1]);
      sum += s[1];
    }
    if (imageEnd > sum) {
      md.update(f, (int) sum, (int) (imageEnd - sum));
    }
    return md.digest();
  }

  /** The PE checksum as sbsign computes it: fold after every word. */
  static long referenceChecksum(byte[] f) {
    byte[] c = f.clone();
    Arrays.fill(c, CHECKSUM, CHECKSUM + 4, (byte) 0);
    int sum = 0;
    for (int i = 0; i < c.length; i += 2) {
      int w = (c[i] & 0xFF) | (i + 1 < c.length ? (c[i + 1] & 0xFF) << 8 : 0);
      sum += w;
      sum = (sum >>> 16) + (sum & 0xFFFF);
    }
    return (sum + (long) c.length) & 0xFFFFFFFFL;
  }

  private static long u32(byte[] f, int off) {
    return LittleEndian.wrap(f).getInt(off) & 0xFFFFFFFFL;
  }

  @Test
  void testSign_certificateTableEntryAndChecksum() throws Exception {
    byte[] unsigned = TestPe.stub().build();
    AtomicReference<byte[]> digest = new AtomicReference<>();
    byte[] out = sign(unsigned, fake(1000, digest));
    int sigLength = 32 + 1000;
    int table = unsigned.length; // 8192 is a multiple of 8
    assertEquals(table + TestPe.align(8 + sigLength, 8), out.length);
    assertArrayEquals(unsigned, withoutHeaderFields(out, table, unsigned), "the input, copied");
    assertEquals(table, u32(out, SECURITY_ENTRY), "certificate table offset");
    assertEquals(TestPe.align(8 + sigLength, 8), u32(out, SECURITY_ENTRY + 4), "its size");
    assertEquals(8 + sigLength, u32(out, table), "dwLength without padding");
    assertEquals(0x0200, LittleEndian.wrap(out).getShort(table + 4), "wRevision");
    assertEquals(0x0002, LittleEndian.wrap(out).getShort(table + 6), "PKCS_SIGNED_DATA");
    assertArrayEquals(digest.get(), Arrays.copyOfRange(out, table + 8, table + 40));
    assertEquals(referenceChecksum(out), u32(out, CHECKSUM), "CheckSum");
    assertArrayEquals(referenceDigest(unsigned, table), digest.get(), "image hash");
  }

  /** The input bytes, as the output holds them apart from the CheckSum and the table entry. */
  private static byte[] withoutHeaderFields(byte[] out, int length, byte[] unsigned) {
    byte[] c = Arrays.copyOf(out, length);
    System.arraycopy(unsigned, CHECKSUM, c, CHECKSUM, 4);
    System.arraycopy(unsigned, SECURITY_ENTRY, c, SECURITY_ENTRY, 8);
    return c;
  }

  @Test
  void testSign_oddLengthIsPaddedAndThePaddingHashed() throws Exception {
    byte[] stub = TestPe.stub().build();
    byte[] unsigned = Arrays.copyOf(stub, stub.length + 5); // 5 bytes after the sections
    unsigned[stub.length] = 42;
    AtomicReference<byte[]> digest = new AtomicReference<>();
    byte[] out = sign(unsigned, fake(3, digest));
    int table = TestPe.align(unsigned.length, 8);
    assertEquals(table, u32(out, SECURITY_ENTRY));
    assertArrayEquals(new byte[3], Arrays.copyOfRange(out, unsigned.length, table));
    assertArrayEquals(referenceDigest(Arrays.copyOf(unsigned, table), table), digest.get());
    assertEquals(referenceChecksum(out), u32(out, CHECKSUM));
  }

  @Test
  void testSign_gapInSectionTableHashesDataAfterSectionsFromTheSum() throws Exception {
    byte[] stub = TestPe.stub().build();
    // move .sdmagic (the last section, at 0x1e00) to the end of the file: a gap where it was
    int sh = TestPe.SECTION_TABLE + 40 * 3;
    int moved = stub.length + 0x200;
    byte[] unsigned = Arrays.copyOf(stub, moved + 0x200);
    System.arraycopy(stub, (int) u32(stub, sh + 20), unsigned, moved, 0x200);
    LittleEndian.wrap(unsigned).putInt(sh + 20, moved);
    AtomicReference<byte[]> digest = new AtomicReference<>();
    sign(unsigned, fake(0, digest));
    assertArrayEquals(referenceDigest(unsigned, unsigned.length), digest.get());
  }

  @Test
  void testSign_overlappingSectionsHashedTwice() throws Exception {
    byte[] unsigned = TestPe.stub().build();
    int sh = TestPe.SECTION_TABLE + 40 * 2; // .sbat points at .data's bytes
    LittleEndian.wrap(unsigned).putInt(sh + 20, (int) u32(unsigned, sh - 40 + 20));
    AtomicReference<byte[]> digest = new AtomicReference<>();
    sign(unsigned, fake(0, digest));
    assertArrayEquals(referenceDigest(unsigned, unsigned.length), digest.get());
  }

  @Test
  void testSign_randomImagesMatchTheReference() throws Exception {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    for (int round = 0; round < 20; round++) {
      TestPe pe = new TestPe();
      int sections = 1 + r.nextInt(5);
      for (int i = 0; i < sections; i++) {
        byte[] data = new byte[r.nextInt(3000)];
        r.nextBytes(data);
        pe.section("s" + i, 0x1000 * (i + 1) * 4, data);
      }
      byte[] built = pe.build();
      byte[] unsigned = Arrays.copyOf(built, built.length + r.nextInt(40));
      AtomicReference<byte[]> digest = new AtomicReference<>();
      byte[] out = sign(unsigned, fake(r.nextInt(20), digest));
      int end = TestPe.align(unsigned.length, 8);
      String why = "seed " + seed + ", round " + round;
      assertArrayEquals(referenceDigest(Arrays.copyOf(unsigned, end), end), digest.get(), why);
      assertEquals(referenceChecksum(out), u32(out, CHECKSUM), why);
    }
  }

  @Test
  void testSign_inPlaceGivesTheSameBytesAndSigningIsDeterministic() throws Exception {
    byte[] unsigned = TestPe.stub().build();
    byte[] copied = sign(unsigned, fake(100, new AtomicReference<>()));
    assertArrayEquals(copied, sign(unsigned, fake(100, new AtomicReference<>())));
    Path f = tmp.resolve("inplace.efi");
    Files.write(f, unsigned);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      PeSigner.sign(
          ch, ch, "inplace.efi", fake(100, new AtomicReference<>()), ProgressListener.NONE);
    }
    assertArrayEquals(copied, Files.readAllBytes(f));
  }

  @Test
  void testSign_alreadySignedRefused() throws Exception {
    byte[] signed = sign(TestPe.stub().build(), fake(10, new AtomicReference<>()));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> sign(signed, fake(10, null)));
    assertTrue(e.getMessage().startsWith("in.efi: already signed"), e.getMessage());
  }

  @Test
  void testSign_notAPeImageRefused() throws Exception {
    byte[] junk = new byte[4096];
    new Random(1).nextBytes(junk);
    FormatException e = assertThrows(FormatException.class, () -> sign(junk, fake(0, null)));
    assertEquals("DOS magic", e.field());
    byte[] tiny = new byte[10];
    assertEquals(
        "DOS header", assertThrows(FormatException.class, () -> sign(tiny, fake(0, null))).field());
  }

  @Test
  void testSign_sectionPastTheEndRefused() throws Exception {
    byte[] stub = TestPe.stub().build();
    byte[] truncated = Arrays.copyOf(stub, stub.length - 0x100);
    FormatException e = assertThrows(FormatException.class, () -> sign(truncated, fake(0, null)));
    assertTrue(e.getMessage().contains("section .sdmagic"), e.getMessage());
    assertTrue(e.getMessage().contains("past the end of the file"), e.getMessage());
  }

  @Test
  void testSign_noCertificateTableEntryRefused() throws Exception {
    byte[] stub = TestPe.stub().build();
    LittleEndian.wrap(stub).putInt(OPT + 108, 4); // NumberOfRvaAndSizes: no entry 4
    FormatException e = assertThrows(FormatException.class, () -> sign(stub, fake(0, null)));
    assertTrue(e.getMessage().contains("no certificate table entry"), e.getMessage());
  }

  @Test
  void testRead_sbsignOutput() throws Exception {
    Path f = fixture("stub-sbsign-rsa.efi");
    PeSignatures s;
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      s = PeSignatureReader.read(ch, "stub-sbsign-rsa.efi");
    }
    byte[] unsigned = TestPe.stub().build();
    assertArrayEquals(referenceDigest(unsigned, unsigned.length), s.imageDigest());
    assertEquals(1, s.certificates().size());
    PeCertificate c = s.certificates().get(0);
    assertTrue(c.authenticode());
    assertEquals(unsigned.length, c.offset());
    assertEquals(0x30, c.content()[0] & 0xFF, "a DER SEQUENCE");
    assertEquals(s.computedChecksum(), s.checksum(), "sbsign's CheckSum");
  }

  @Test
  void testRead_whatWeSigned() throws Exception {
    byte[] unsigned = TestPe.stub().build();
    AtomicReference<byte[]> digest = new AtomicReference<>();
    byte[] out = sign(unsigned, fake(77, digest));
    Path f = tmp.resolve("signed.efi");
    Files.write(f, out);
    PeSignatures s;
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      s = PeSignatureReader.read(ch, "signed.efi");
    }
    assertArrayEquals(digest.get(), s.imageDigest());
    assertEquals(1, s.certificates().size());
    assertArrayEquals(
        fake(77, new AtomicReference<>()).sign(digest.get()), s.certificates().get(0).content());
    assertEquals(s.computedChecksum(), s.checksum());
    Files.write(f, unsigned);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      assertTrue(PeSignatureReader.read(ch, "unsigned.efi").certificates().isEmpty());
    }
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(PeSignerTest.class.getResource(name).toURI());
  }
}
