package dev.mkddi.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive features whose cost would grow faster than the archive are bounded. */
class TarLimitsTest {
  @TempDir Path tmp;

  /** A tar with one global pax header of {@code records} records, then {@code files} files. */
  private Path archive(int records, int files) throws Exception {
    Path tar = tmp.resolve("a.tar");
    try (OutputStream raw = Files.newOutputStream(tar);
        TarArchiveOutputStream out = new TarArchiveOutputStream(raw)) {
      TarArchiveEntry g =
          new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER);
      for (int i = 0; i < records; i++) {
        g.addPaxHeader("SCHILY.xattr.user.k" + i, "v");
      }
      out.putArchiveEntry(g); // written at once, with its records: no entry to close
      for (int i = 0; i < files; i++) {
        TarArchiveEntry f = new TarArchiveEntry("f" + i);
        f.setSize(0);
        out.putArchiveEntry(f);
        out.closeArchiveEntry();
      }
    }
    return tar;
  }

  private FileTree load(Path tar) throws Exception {
    try (TreeLoader loader = new TreeLoader()) {
      return loader.load(List.of(tar), new TreeOptions(false, tmp), ProgressListener.NONE);
    }
  }

  @Test
  void testLoad_globalPaxRecordsUpToTheLimit_applyToEveryEntry() throws Exception {
    FileTree tree = load(archive(3, 2));
    assertEquals(3, tree.root().entries().get(0).node().metadata().xattrs().size());
  }

  @Test
  void testLoad_tooManyGlobalPaxRecords_refused() throws Exception {
    // every entry would copy and apply them all: entries x records
    Path tar = archive(TarHeaderScanner.MAX_GLOBAL_RECORDS + 1, 1);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(tar));
    assertTrue(
        e.getMessage()
            .endsWith(
                ": pax global headers define more than "
                    + TarHeaderScanner.MAX_GLOBAL_RECORDS
                    + " records (at offset 0)"),
        e.getMessage());
  }

  /**
   * An old GNU sparse entry ('S'): one 512-byte chunk at {@code offset}, so the file is {@code
   * offset + 512} bytes, nearly all hole.
   */
  private Path sparse(long offset) throws Exception {
    byte[] h = new byte[512];
    put(h, 0, "holes");
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", 512));
    put(h, 136, "00000000000");
    h[156] = 'S';
    put(h, 257, "ustar  ");
    put(h, 386, String.format("%011o", offset)); // sp[0].offset
    put(h, 398, String.format("%011o", 512)); // sp[0].numbytes
    put(h, 483, String.format("%011o", offset + 512)); // realsize
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    byte[] tar = new byte[512 + 512 + 1024];
    System.arraycopy(h, 0, tar, 0, 512);
    java.util.Arrays.fill(tar, 512, 1024, (byte) 'x');
    return Files.write(tmp.resolve("s.tar"), tar);
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  @Test
  void testLoad_smallSparseFile_expanded() throws Exception {
    FileTree tree = load(sparse(4096));
    RegularFile f = (RegularFile) tree.root().entries().get(0).node();
    assertEquals(4096 + 512, f.content().size());
  }

  @Test
  void testLoad_sparseFileWithGigabytesOfHoles_refusedBeforeExpanding() throws Exception {
    Path tar = sparse(6L << 30); // the most an 11-digit octal field holds is 8 GiB
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(tar));
    assertTrue(
        e.getMessage()
            .endsWith(
                ": entry 'holes': sparse file of 6442451456 bytes with 512 bytes of data: mkddi"
                    + " writes holes out as zeros, and accepts at most 4 GiB of them per archive"),
        e.getMessage());
  }
}
