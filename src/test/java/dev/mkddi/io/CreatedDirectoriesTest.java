package dev.mkddi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatedDirectoriesTest {
  @TempDir Path dir;

  @Test
  void testCreate_removesOnlyWhatItCreated() throws Exception {
    CreatedDirectories c = CreatedDirectories.create(dir.resolve("a/b"));
    assertEquals(List.of(dir.resolve("a/b"), dir.resolve("a")), c.paths());
    assertTrue(Files.isDirectory(dir.resolve("a/b")));
    c.removeEmpty();
    assertTrue(Files.notExists(dir.resolve("a")));
    assertTrue(Files.isDirectory(dir));
    assertEquals(List.of(), CreatedDirectories.create(dir).paths());
  }

  @Test
  void testCreate_aFileIsNotADirectory() throws Exception {
    Path f = Files.writeString(dir.resolve("afile"), "x");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> CreatedDirectories.create(f));
    assertEquals(f + ": not a directory", e.getMessage());
    assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
  }

  @Test
  void testNoSpace_namesTheFile() {
    IOException named =
        NoSpace.named(new IOException("No space left on device"), dir.resolve("x.raw.tmp"));
    assertTrue(named instanceof FileSystemException);
    assertEquals(dir.resolve("x.raw.tmp").toString(), ((FileSystemException) named).getFile());
    assertEquals("No space left on device", ((FileSystemException) named).getReason());
    IOException other = new IOException("other");
    assertEquals(other, NoSpace.named(other, dir));
  }

  @Test
  void testWorkDirectory_unwritableNamesTheDirectory() throws Exception {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    ro.toFile().setWritable(false);
    try {
      if (Files.isWritable(ro)) {
        return; // root ignores permissions
      }
      AccessDeniedException e =
          assertThrows(AccessDeniedException.class, () -> WorkDirectory.create(ro, "x"));
      assertEquals(ro.toString(), e.getFile());
    } finally {
      ro.toFile().setWritable(true);
    }
  }
}
