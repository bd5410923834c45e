package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mkddi.builder.TestImages;
import dev.mkddi.io.ProgressListener;
import java.nio.file.Path;
import java.util.List;
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
      })
  void testRead_kiwiDefaultsAndCompression(
      String attributes, String arch, String type, String compression) throws Exception {
    ImageDescription d = load(attributes, arch);
    assertEquals(List.of(), d.problems());
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
}
