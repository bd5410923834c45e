package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.mkddi.erofs.ErofsReader;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --root DIR|ARCHIVE}: a prepared root replaces the description's archives and root.tar.gz
 * (which then need not exist), and the root/ overlay applies on top of it.
 */
class PreparedRootTest {
  private static final String CONFIG =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <image schemaversion="8.5" name="prepared">
        <description type="system">
          <author>a</author><contact>a@example.org</contact><specification>s</specification>
        </description>
        <preferences>
          <version>1.0</version>
          <type image="oem" filesystem="erofs" verity_partition="true"/>
        </preferences>
        <packages type="bootstrap">
          <archive name="never-made.tar.xz"/>
        </packages>
      </image>
      """;

  @TempDir Path dir;

  private Path description() throws Exception {
    Path d = Files.createDirectories(dir.resolve("desc"));
    Files.writeString(d.resolve("config.xml"), CONFIG);
    Files.createDirectories(d.resolve("root/etc"));
    Files.writeString(d.resolve("root/etc/hostname"), "from-overlay\n");
    return d;
  }

  @Test
  void testDescribe_rootDirectory_replacesArchivesOverlayOnTop() throws Exception {
    Path d = description();
    Path root = Files.createDirectories(dir.resolve("prepared/etc"));
    CliRun without = new CliRun("describe", d, "--target-arch", "x86_64");
    assertEquals(2, without.code, without.err.toString());
    assertTrue(without.err.toString().contains("never-made.tar.xz does not exist"));
    CliRun run = new CliRun("describe", d, "--target-arch", "x86_64", "--root", root.getParent());
    assertEquals(0, run.code, run.err.toString());
    String out = run.out.toString();
    assertTrue(
        out.contains(
            "root sources\n   1  prepared root      "
                + root.getParent()
                + "\n   2  overlay directory  "
                + d.resolve("root")
                + "\n"),
        out);
    assertTrue(!out.contains("never-made"), out);
  }

  @Test
  void testDescribe_rootMissing_problemNamingTheOption() throws Exception {
    CliRun run =
        new CliRun(
            "describe", description(), "--target-arch", "x86_64", "--root", dir.resolve("nope"));
    assertEquals(2, run.code);
    assertTrue(
        run.err
            .toString()
            .contains("First: --root: prepared root " + dir.resolve("nope") + " does not"),
        run.err.toString());
  }

  @Test
  void testBuild_rootTarZst_overlayWinsArchiveFilesKept() throws Exception {
    Path d = description();
    Path archive = dir.resolve("prepared.tar.zst");
    try (OutputStream f = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(f))) {
      file(tar, "etc/hostname", "from-archive\n");
      file(tar, "etc/os-release", "ID=prepared\nVERSION_ID=1\n");
      file(tar, "usr/bin/tool", "#!/bin/sh\n");
    }
    Path out = dir.resolve("out");
    CliRun run =
        new CliRun(
            "build",
            d,
            "--target-arch",
            "x86_64",
            "--root",
            archive,
            "--target-dir",
            out,
            "--seed",
            "750b6cd5-c4ae-4012-a15e-7be3c29e6a47");
    assertEquals(0, run.code, run.err.toString() + run.warnings);
    Path img = out.resolve("prepared.x86_64-1.0.raw");
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      List<GptPartition> p = GptReader.read(ch, img.toString()).table().partitions();
      ErofsReader fs = ErofsReader.open(ch, p.get(0).offset(512), img.toString());
      assertEquals("from-overlay\n", read(fs, "/etc/hostname"));
      assertEquals("ID=prepared\nVERSION_ID=1\n", read(fs, "/etc/os-release"));
      assertEquals("#!/bin/sh\n", read(fs, "/usr/bin/tool"));
    }
  }

  private static String read(ErofsReader fs, String path) throws Exception {
    ErofsReader.Inode i = fs.lookup(path);
    assertNotNull(i, path);
    return new String(fs.read(i, 0, (int) i.size()), StandardCharsets.UTF_8);
  }

  private static void file(TarArchiveOutputStream tar, String name, String content)
      throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(b.length);
    e.setMode(0100644);
    tar.putArchiveEntry(e);
    tar.write(b);
    tar.closeArchiveEntry();
  }
}
