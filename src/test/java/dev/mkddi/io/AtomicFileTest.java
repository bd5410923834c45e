package dev.mkddi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void testCommit_renamesIntoPlace() throws Exception {
    Path target = dir.resolve("out.img");
    try (AtomicFile f = AtomicFile.create(target)) {
      assertEquals(dir.resolve("out.img.tmp"), f.temp());
      f.channel().write(ByteBuffer.wrap("new".getBytes(StandardCharsets.US_ASCII)));
      f.commit();
    }
    assertEquals("new", Files.readString(target));
    assertFalse(Files.exists(dir.resolve("out.img.tmp")));
  }

  @Test
  void testCreate_leftoverIsTruncatedAndReused() throws Exception {
    Path target = dir.resolve("out.img");
    Files.writeString(dir.resolve("out.img.tmp"), "leftover of an interrupted run, long");
    try (AtomicFile f = AtomicFile.create(target)) {
      assertEquals(0, f.channel().size());
      f.channel().write(ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)));
      f.commit();
    }
    assertEquals("ok", Files.readString(target));
  }

  @Test
  void testCreate_symlinkIsRefusedNotFollowed() throws Exception {
    Path victim = dir.resolve("victim");
    Files.writeString(victim, "precious");
    Path temp = dir.resolve("out.img.tmp");
    Files.createSymbolicLink(temp, victim);
    ImageBuildException e =
        assertThrows(ImageBuildException.class, () -> AtomicFile.create(dir.resolve("out.img")));
    assertEquals(
        temp + ": is a symbolic link; refusing to write the temporary output there (remove it)",
        e.getMessage());
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(temp));
  }

  @Test
  void testCreate_directoryIsRefused() throws Exception {
    Files.createDirectory(dir.resolve("out.img.tmp"));
    ImageBuildException e =
        assertThrows(ImageBuildException.class, () -> AtomicFile.create(dir.resolve("out.img")));
    assertTrue(
        e.getMessage()
            .endsWith(
                ".tmp: is a directory; refusing to write the temporary"
                    + " output there (remove it)"),
        e.getMessage());
  }

  @Test
  void testCreate_lockedByAnotherWriterFailsAndLeavesItsFile() throws Exception {
    Path target = dir.resolve("out.img");
    try (AtomicFile first = AtomicFile.create(target)) {
      first.channel().write(ByteBuffer.wrap("first".getBytes(StandardCharsets.US_ASCII)));
      ImageBuildException e =
          assertThrows(ImageBuildException.class, () -> AtomicFile.create(target));
      assertEquals(first.temp() + ": another mkddi process is writing it", e.getMessage());
      assertEquals("first", Files.readString(first.temp()));
      first.commit();
    }
    assertEquals("first", Files.readString(target));
  }

  @Test
  void testClose_withoutCommitDeletesOnlyOwnFile() throws Exception {
    Path target = dir.resolve("out.img");
    AtomicFile f = AtomicFile.create(target);
    f.close();
    assertFalse(Files.exists(f.temp(), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(target));
  }
}
