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
}
