package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.squashfs.SquashfsCompressor;
import dev.mkddi.squashfs.SquashfsOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kiwi's root file system attributes, as describe and the build see them. */
class RootFilesystemReaderTest {
  @TempDir Path dir;

  private ImageDescription load(String attributes, String arch) throws Exception {
    TestImages.description(dir, attributes);
    return DescriptionLoader.load(dir, LoadOptions.forArch(arch), ProgressListener.NONE);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "filesystem=\"erofs\"|x86_64|erofs|none",
        "filesystem=\"erofs\" erofscompression=\"lz4\"|x86_64|erofs|lz4",
        "filesystem=\"erofs\" erofscompression=\"lz4hc,12\"|x86_64|erofs|lz4hc,12",
        "filesystem=\"erofs\" erofscompression=\"lzma\"|x86_64|erofs|lzma,6",
        "filesystem=\"erofs\" erofscompression=\"zstd,level=3\"|x86_64|erofs|zstd,3",
        "filesystem=\"squashfs\"|x86_64|squashfs|xz -Xbcj x86",
        "filesystem=\"squashfs\"|aarch64|squashfs|xz",
        "filesystem=\"squashfs\"|ppc64le|squashfs|xz -Xbcj powerpc",
        "filesystem=\"squashfs\" squashfscompression=\"zstd\"|x86_64|squashfs|zstd",
        "filesystem=\"squashfs\" squashfscompression=\"gzip\"|x86_64|squashfs|gzip",
        "filesystem=\"ext4\"|x86_64|ext4|none",
        "filesystem=\"erofs\" erofscompression=\"lz4hc\" fscreateoptions=\" -Efragments,ztailpacking"
            + "  -C 65536 \"|x86_64|erofs|lz4hc,9 -C 65536 -E ztailpacking,fragments",
        "filesystem=\"erofs\" fscreateoptions=\"-zlzma,3 -E all-fragments -Efragments\"|x86_64|erofs|lzma,3"
            + " -E all-fragments",
        "filesystem=\"erofs\" fscreateoptions=\"-z lz4\"|x86_64|erofs|lz4",
        "filesystem=\"erofs\" fscreateoptions=\"\"|x86_64|erofs|none",
        "filesystem=\"squashfs\" fscreateoptions=\"-noappend -b 256K -tailends\"|x86_64|squashfs|xz"
            + " -Xbcj x86 -b 262144 -tailends",
        "filesystem=\"squashfs\" fscreateoptions=\"-comp zstd -Xcompression-level 19 -no-exports"
            + " -no-duplicates\"|x86_64|squashfs|zstd -Xcompression-level 19 -no-exports -no-duplicates",
        "filesystem=\"squashfs\" squashfscompression=\"xz\" fscreateoptions=\"-Xbcj arm64,x86"
            + " -Xdict-size 50% -b 131072\"|aarch64|squashfs|xz -Xbcj x86,arm64 -Xdict-size 65536 -b"
            + " 131072",
        "filesystem=\"squashfs\" squashfscompression=\"lz4\" fscreateoptions=\"-comp lz4"
            + " -Xhc\"|x86_64|squashfs|lz4 -Xhc",
      })
  void testRead_kiwiDefaultsCompressionAndCreateOptions(
      String attributes, String arch, String type, String compression) throws Exception {
    ImageDescription d = load(attributes, arch);
    assertEquals(List.of(), d.problems());
    assertEquals(List.of(), d.warnings());
    assertEquals(type, d.disk().root().type().kiwiName());
    assertEquals(compression, d.disk().root().compressionText());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "filesystem=\"xfs\"|<type filesystem=\"xfs\">: mkddi does not build xfs file systems for"
            + " the root (read-only, under dm-verity); it builds erofs, squashfs, ext4",
        "filesystem=\"btrfs\"|<type filesystem=\"btrfs\">: mkddi does not build btrfs file systems"
            + " for the root (read-only, under dm-verity); it builds erofs, squashfs, ext4",
        "filesystem=\"squashfs\" squashfscompression=\"uncompressed\"|<type"
            + " squashfscompression=\"uncompressed\">: mkddi writes compressed squashfs only; use"
            + " gzip, lz4, xz or zstd, or filesystem=\"erofs\" for an uncompressed root",
        "filesystem=\"erofs\" erofscompression=\"lz5\"|<type erofscompression=\"lz5\">: unknown"
            + " compressor 'lz5' (lz4, lz4hc, lzma, deflate, zstd); expected ALG[,LEVEL] as"
            + " mkfs.erofs -z takes it (lz4, lz4hc,12, lzma, deflate, zstd)",
        "filesystem=\"erofs\" erofscompression=\"lz4hc,13\"|<type erofscompression=\"lz4hc,13\">:",
        "filesystem=\"ext4\" rootfs_label=\"SEVENTEEN-BYTES-L\"|<type"
            + " rootfs_label=\"SEVENTEEN-BYTES-L\">: an ext4 volume label holds at most 16 bytes",
      })
  void testRead_unwritableRootIsAProblem(String attributes, String message) throws Exception {
    ImageDescription d = load(attributes, "x86_64");
    assertEquals(1, d.problems().size(), d.problems().toString());
    String got = d.problems().get(0).message();
    assertEquals(message, got.substring(0, Math.min(got.length(), message.length())));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "filesystem=\"squashfs\" erofscompression=\"lz4\"|<type erofscompression> ignored: the root"
            + " file system is squashfs",
        "filesystem=\"ext4\" squashfscompression=\"xz\"|<type squashfscompression> ignored: the"
            + " root file system is ext4",
      })
  void testRead_otherTypesCompressionIsWarnedAbout(String attributes, String warning)
      throws Exception {
    ImageDescription d = load(attributes, "x86_64");
    assertEquals(List.of(), d.problems());
    assertEquals(List.of(warning), d.warnings().stream().map(Diagnostic::message).toList());
  }

  @Test
  void testRead_squashfsOptionsAreTheWritersOptions() throws Exception {
    ImageDescription d =
        load(
            "filesystem=\"squashfs\" fscreateoptions=\"-comp gzip -b 64K -tailends -no-exports\"",
            "x86_64");
    SquashfsOptions o = d.disk().root().squashfs().orElseThrow();
    assertEquals(SquashfsCompressor.GZIP, o.compression().compressor());
    assertEquals(List.of(), o.compression().filters()); // kiwi's -Xbcj is for xz only
    assertEquals(64 << 10, o.blockSize());
    assertTrue(o.tailEnds());
    assertFalse(o.exportTable());
    assertTrue(o.duplicates());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "filesystem=\"erofs\" fscreateoptions=\"-Efragments\"|<type"
            + " fscreateoptions=\"-Efragments\">: -E needs a compressor (erofscompression, or -z in"
            + " fscreateoptions)",
        "filesystem=\"erofs\" erofscompression=\"lz4\" fscreateoptions=\"-zlzma\"|<type"
            + " fscreateoptions=\"-zlzma\">: -z lzma and erofscompression both name a compressor;"
            + " give one of them",
        "filesystem=\"erofs\" erofscompression=\"lz4\" fscreateoptions=\"-Ededupe\"|<type"
            + " fscreateoptions=\"-Ededupe\">: -E dedupe: not supported (ztailpacking, fragments,"
            + " all-fragments;",
        "filesystem=\"erofs\" erofscompression=\"lz4\" fscreateoptions=\"-C 5000\"|<type"
            + " fscreateoptions=\"-C 5000\">: -C 5000:",
        "filesystem=\"erofs\" erofscompression=\"lz4\" fscreateoptions=\"-C\"|<type"
            + " fscreateoptions=\"-C\">: -C needs an argument",
        "filesystem=\"erofs\" fscreateoptions=\"-T 0\"|<type fscreateoptions=\"-T 0\">: -T: mkddi"
            + " sets the label (rootfs_label), the UUID (from the root hash) and the time"
            + " (SOURCE_DATE_EPOCH) of the root itself",
        "filesystem=\"erofs\" fscreateoptions=\"--exclude-regex=x\"|<type"
            + " fscreateoptions=\"--exclude-regex=x\">: --exclude-regex=x: not an mkfs.erofs option"
            + " mkddi's EROFS writer has (it takes -z ALG[,LEVEL], -C BYTES, -E"
            + " ztailpacking,fragments,all-fragments)",
        "filesystem=\"squashfs\" fscreateoptions=\"-b 3M\"|<type fscreateoptions=\"-b 3M\">: -b"
            + " 3M: block size 3145728 is not a power of two from 4096 to 1048576",
        "filesystem=\"squashfs\" fscreateoptions=\"-b\"|<type fscreateoptions=\"-b\">: -b needs an"
            + " argument",
        "filesystem=\"squashfs\" fscreateoptions=\"-comp lzo\"|<type fscreateoptions=\"-comp"
            + " lzo\">: -comp lzo:",
        "filesystem=\"squashfs\" fscreateoptions=\"-comp brotli\"|<type fscreateoptions=\"-comp"
            + " brotli\">: -comp brotli: 'brotli' is not a compressor (gzip, xz, zstd, lz4, lzo)",
        "filesystem=\"squashfs\" squashfscompression=\"gzip\" fscreateoptions=\"-comp xz\"|<type"
            + " fscreateoptions=\"-comp xz\">: -comp xz and squashfscompression=\"gzip\" name"
            + " different compressors; give one of them",
        "filesystem=\"squashfs\" fscreateoptions=\"-Xbcj mips\"|<type fscreateoptions=\"-Xbcj"
            + " mips\">: -Xbcj mips: 'mips' is not a BCJ filter",
        "filesystem=\"squashfs\" fscreateoptions=\"-comp gzip -Xbcj x86\"|<type"
            + " fscreateoptions=\"-comp gzip -Xbcj x86\">:",
        "filesystem=\"squashfs\" fscreateoptions=\"-Xcompression-level high\"|<type"
            + " fscreateoptions=\"-Xcompression-level high\">: -Xcompression-level high: expected a"
            + " number",
        "filesystem=\"squashfs\" fscreateoptions=\"-no-xattrs\"|<type"
            + " fscreateoptions=\"-no-xattrs\">: -no-xattrs: not a mksquashfs option mkddi's"
            + " squashfs writer has",
        "filesystem=\"ext4\" fscreateoptions=\"-I 512\"|<type fscreateoptions=\"-I 512\">: mkddi"
            + " writes ext4 itself (4 KiB blocks, 256-byte inodes, its own layout) and takes no"
            + " mkfs.ext4 options",
      })
  void testRead_fscreateoptionsMkddiCannotHonourAreAProblem(String attributes, String message)
      throws Exception {
    ImageDescription d = load(attributes, "x86_64");
    assertEquals(1, d.problems().size(), d.problems().toString());
    String got = d.problems().get(0).message();
    assertEquals(message, got.substring(0, Math.min(got.length(), message.length())));
  }
}
