package dev.mkddi.gpt;

import static dev.mkddi.gpt.GptTestDisks.patch;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.io.FormatException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded-random property tests: whatever the bytes, the reader returns a consistent table or throws
 * a one-line {@link FormatException} naming the file; never another exception.
 */
class GptReaderFuzzTest {
  private static final int ROUNDS = 150;
  private static final long[] ABSURD = {
    0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFFL, 1L << 32, 33, 34, 4095
  };

  @TempDir Path dir;

  private static GptTable table(Random rnd, int s) {
    long mib = (1 << 20) / s;
    List<GptPartition> parts =
        List.of(
            new GptPartition(
                GptTestDisks.ROOT_X86,
                new UUID(rnd.nextLong(), rnd.nextLong()),
                mib,
                2 * mib - 1,
                rnd.nextLong(),
                "root"),
            new GptPartition(
                GptTestDisks.ESP,
                new UUID(rnd.nextLong(), rnd.nextLong()),
                2 * mib,
                3 * mib - 1,
                0,
                "esp"));
    return GptTable.create(s, 4L << 20, new UUID(rnd.nextLong(), rnd.nextLong()), parts);
  }

  /**
   * Reads p; checks the outcome is a consistent result or a clean FormatException.
   *
   * @return whether the table was read
   */
  private static boolean readCleanly(Path p) {
    try {
      GptReadResult r = GptTestDisks.read(p);
      long sectors = Files.size(p) / r.table().sectorSize();
      for (GptPartition part : r.table().partitions()) {
        assertTrue(part.lastLba() < sectors, "partition beyond the file: " + part);
      }
      return true;
    } catch (FormatException e) {
      String m = e.getMessage();
      assertTrue(m.startsWith(p.getFileName() + ": offset "), m);
      assertFalse(m.contains("\n"), m);
      return false;
    } catch (Exception | Error e) {
      return fail("unexpected " + e, e);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void testRead_randomBytesNeverCrash(long seed) throws Exception {
    Random rnd = new Random(seed);
    Path p = dir.resolve("garbage.img");
    for (int round = 0; round < ROUNDS; round++) {
      byte[] b = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(2048) : rnd.nextInt(1 << 16)];
      rnd.nextBytes(b);
      if (b.length > 4200 && rnd.nextBoolean()) {
        int at = rnd.nextBoolean() ? 512 : 4096;
        System.arraycopy("EFI PART".getBytes("US-ASCII"), 0, b, at, 8);
      }
      Files.write(p, b);
      readCleanly(p);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void testRead_mutatedTablesNeverCrash(long seed) throws Exception {
    Random rnd = new Random(seed);
    int read = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int s = rnd.nextBoolean() ? 512 : 4096;
      Path p = dir.resolve("m" + round + ".img");
      GptTestDisks.write(dir, p.getFileName().toString(), table(rnd, s));
      long total = Files.size(p) / s;
      long backupArray = total - 1 - GptConstants.entryArraySectors(s);
      for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
        boolean header = rnd.nextBoolean();
        long lba = rnd.nextBoolean() ? 1 : total - 1;
        long at =
            header
                ? lba * s + rnd.nextInt(GptConstants.HEADER_SIZE)
                : (lba == 1 ? 2 : backupArray) * s + rnd.nextInt(3 * 128);
        if (rnd.nextBoolean()) {
          GptTestDisks.patchLong(p, at, ABSURD[rnd.nextInt(ABSURD.length)]);
        } else {
          patch(p, at, new byte[] {(byte) rnd.nextInt()});
        }
      }
      if (rnd.nextBoolean()) { // make the damage look valid, so the deeper checks run
        GptTestDisks.fixCrcs(p, s, 1, 2, GptConstants.ENTRY_ARRAY_SIZE);
        GptTestDisks.fixCrcs(p, s, total - 1, backupArray, GptConstants.ENTRY_ARRAY_SIZE);
      }
      read += readCleanly(p) ? 1 : 0;
      Files.delete(p);
    }
    assertTrue(read > 0 && read < ROUNDS, read + " of " + ROUNDS + " read: not exploring");
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22})
  void testRead_absurdHeaderFieldsNeverCrash(long seed) throws Exception {
    Random rnd = new Random(seed);
    int[] fields = {
      GptConstants.HEADER_SIZE_OFFSET, GptConstants.HEADER_MY_LBA_OFFSET,
      GptConstants.HEADER_ALTERNATE_LBA_OFFSET, GptConstants.HEADER_FIRST_USABLE_OFFSET,
      GptConstants.HEADER_LAST_USABLE_OFFSET, GptConstants.HEADER_ENTRY_LBA_OFFSET,
      GptConstants.HEADER_ENTRY_COUNT_OFFSET
    };
    for (int round = 0; round < ROUNDS; round++) {
      int s = rnd.nextBoolean() ? 512 : 4096;
      Path p = GptTestDisks.write(dir, "a.img", table(rnd, s));
      long total = Files.size(p) / s;
      for (long lba : new long[] {1, total - 1}) {
        int f = fields[rnd.nextInt(fields.length)];
        long v = rnd.nextInt(4) == 0 ? rnd.nextLong() : ABSURD[rnd.nextInt(ABSURD.length)];
        if (f == GptConstants.HEADER_ENTRY_COUNT_OFFSET || f == GptConstants.HEADER_SIZE_OFFSET) {
          GptTestDisks.patchInt(p, lba * s + f, (int) v); // and the entry size next to it
          GptTestDisks.patchInt(
              p,
              lba * s + GptConstants.HEADER_ENTRY_SIZE_OFFSET,
              rnd.nextBoolean() ? 128 : (int) ABSURD[rnd.nextInt(ABSURD.length)]);
        } else {
          GptTestDisks.patchLong(p, lba * s + f, v);
        }
        GptTestDisks.fixHeaderCrc(p, s, lba);
      }
      readCleanly(p);
      Files.delete(p);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {31, 32})
  void testRead_truncatedDisksNeverCrash(long seed) throws Exception {
    Random rnd = new Random(seed);
    Path whole = GptTestDisks.write(dir, "whole.img", table(rnd, 512));
    Path whole4k = GptTestDisks.write(dir, "whole4k.img", table(rnd, 4096));
    Path p = dir.resolve("cut.img");
    for (int round = 0; round < ROUNDS / 3; round++) {
      Files.copy(rnd.nextBoolean() ? whole : whole4k, p, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ch.truncate(rnd.nextInt(3) == 0 ? rnd.nextInt(40000) : rnd.nextLong(ch.size()));
      }
      readCleanly(p);
    }
  }
}
