package dev.mkddi.initrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.mkddi.compress.Lz4Compressor;
import dev.mkddi.io.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

class InitrdReaderTest {
  private static final byte[] MICROCODE =
      new CpioArchive()
          .dir("kernel")
          .dir("kernel/x86")
          .dir("kernel/x86/microcode")
          .file("kernel/x86/microcode/GenuineIntel.bin", "ucode")
          .finish();

  private static byte[] main() {
    return new CpioArchive()
        .dir(".")
        .dir("usr")
        .symlink("lib", "usr/lib")
        .file("usr/lib/systemd/system-generators/systemd-veritysetup-generator", "#!elf")
        .file("usr/lib/systemd/systemd-veritysetup", "elf")
        .file("usr/lib/modules/6.1.0-1-amd64/kernel/drivers/md/dm-verity.ko.xz", "ko")
        .file("usr/lib/modules/6.1.0-1-amd64/modules.builtin", "kernel/fs/erofs/erofs.ko\n")
        .finish();
  }

  @Test
  void testRead_uncompressedArchive() throws IOException {
    List<InitrdEntry> entries = read(main());
    assertEquals(7, entries.size());
    assertEquals(".", entries.get(0).path());
    InitrdEntry lib = entries.get(2);
    assertTrue(lib.isSymlink());
    assertEquals(Optional.of("usr/lib"), lib.linkTarget());
    assertEquals(InitrdCompression.NONE, lib.compression());
  }

  @ParameterizedTest
  @EnumSource(
      value = InitrdCompression.class,
      names = {"GZIP", "XZ", "LZMA", "ZSTD", "BZIP2", "LZ4_LEGACY"})
  void testRead_microcodeInFrontOfCompressedMain(InitrdCompression c) throws IOException {
    byte[] initrd = concat(MICROCODE, compress(c, main()));
    List<InitrdEntry> entries = read(initrd);
    assertEquals(11, entries.size());
    assertEquals("kernel/x86/microcode/GenuineIntel.bin", entries.get(3).path());
    assertEquals(0, entries.get(3).archive());
    assertEquals(InitrdCompression.NONE, entries.get(3).compression());
    InitrdEntry last = entries.get(10);
    assertEquals("usr/lib/modules/6.1.0-1-amd64/modules.builtin", last.path());
    assertEquals(1, last.archive());
    assertEquals(c, last.compression());
  }

  @Test
  void testRead_severalArchivesInOneCompressedStream() throws IOException {
    byte[] two = concat(new CpioArchive().file("a", "1").finish(), main());
    List<InitrdEntry> entries = read(compress(InitrdCompression.ZSTD, two));
    assertEquals(8, entries.size());
    assertEquals(1, entries.get(7).archive());
  }

  @Test
  void testContent_streamsTheEntrysData() throws IOException {
    try (InitrdReader r = InitrdReader.of("t", new ByteArrayInputStream(main()))) {
      InitrdEntry e;
      do {
        e = r.next().orElseThrow();
      } while (!e.path().endsWith("modules.builtin"));
      assertEquals(
          "kernel/fs/erofs/erofs.ko\n",
          new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
      assertTrue(r.next().isEmpty());
    }
  }

  @Test
  void testRead_lzoIsRefusedByName() {
    byte[] lzo = concat(MICROCODE, new byte[] {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a});
    UnsupportedCompressionException e =
        assertThrows(UnsupportedCompressionException.class, () -> read(lzo));
    assertTrue(e.getMessage().startsWith("lzo-compressed initrd: not supported"), e.getMessage());
  }

  @Test
  void testRead_lz4BlockSizeOutOfRange() {
    byte[] lz4 = {0x02, 0x21, 0x4c, 0x18, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
    FormatException e = assertThrows(FormatException.class, () -> read(concat(MICROCODE, lz4)));
    assertTrue(
        e.getMessage().contains("lz4: block at byte 4 of the stream: compressed size 2147483647"),
        e.getMessage());
  }

  @Test
  void testRead_garbageNamesTheOffset() {
    byte[] bad = concat(MICROCODE, "hello world".getBytes(StandardCharsets.US_ASCII));
    FormatException e = assertThrows(FormatException.class, () -> read(bad));
    assertEquals(
        "t: offset "
            + MICROCODE.length
            + ": cpio header: expected a cpio archive (070701) or a compressed one, got"
            + " 68656c6c6f20",
        e.getMessage());
  }

  @Test
  void testRead_badMagicIsShownOnOneLine() {
    byte[] bad = Arrays.copyOf("07070\n".getBytes(StandardCharsets.US_ASCII), 110);
    FormatException e = assertThrows(FormatException.class, () -> read(bad));
    assertEquals(
        "t: offset 0: cpio magic: expected 070701 or 070702 (newc), got \"07070\\n\"",
        e.getMessage());
  }

  @Test
  void testRead_truncatedArchive() {
    byte[] cut = Arrays.copyOf(main(), 300);
    FormatException e = assertThrows(FormatException.class, () -> read(cut));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void testRead_corruptCompressedStreamNamesIt() throws IOException {
    byte[] gz = compress(InitrdCompression.GZIP, main());
    gz[gz.length / 2] ^= (byte) 0xff;
    gz[gz.length / 2 + 1] ^= (byte) 0xff;
    FormatException e = assertThrows(FormatException.class, () -> read(concat(MICROCODE, gz)));
    assertTrue(
        e.getMessage().startsWith("t (gzip stream at byte " + MICROCODE.length + ", decompressed)"),
        e.getMessage());
  }

  @Test
  void testRead_missingTrailer() {
    byte[] noTrailer = new CpioArchive().file("a", "1").withoutTrailer();
    FormatException e = assertThrows(FormatException.class, () -> read(noTrailer));
    assertTrue(e.getMessage().endsWith("ends without TRAILER!!!"), e.getMessage());
  }

  static List<InitrdEntry> read(byte[] initrd) throws IOException {
    List<InitrdEntry> entries = new ArrayList<>();
    try (InitrdReader r = InitrdReader.of("t", new ByteArrayInputStream(initrd))) {
      for (var e = r.next(); e.isPresent(); e = r.next()) {
        entries.add(e.get());
      }
    }
    return entries;
  }

  static byte[] compress(InitrdCompression c, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out =
        switch (c) {
          case GZIP -> new GZIPOutputStream(bytes);
          case XZ -> new XZOutputStream(bytes, new LZMA2Options());
          case LZMA -> new LZMAOutputStream(bytes, new LZMA2Options(), -1);
          case ZSTD -> new ZstdOutputStream(bytes);
          case BZIP2 -> new BZip2CompressorOutputStream(bytes);
          case LZ4_LEGACY -> {
            lz4Legacy(bytes, data);
            yield OutputStream.nullOutputStream();
          }
          default -> throw new IllegalArgumentException(c.toString());
        }) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** lz4 -l: the magic, then a little-endian size and an LZ4 block per 8 MiB of input. */
  static void lz4Legacy(ByteArrayOutputStream out, byte[] data) {
    out.writeBytes(new byte[] {0x02, 0x21, 0x4c, 0x18});
    Lz4Compressor lz4 = new Lz4Compressor();
    for (int at = 0; at < data.length; at += Lz4LegacyInputStream.BLOCK_SIZE) {
      int n = Math.min(data.length - at, Lz4LegacyInputStream.BLOCK_SIZE);
      byte[] block = new byte[Lz4LegacyInputStream.MAX_COMPRESSED];
      int size = lz4.compress(data, at, n, block, 0, block.length);
      out.writeBytes(
          new byte[] {(byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
      out.write(block, 0, size);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
