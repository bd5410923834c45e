package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerityCommandTest {
  private static final String SALT =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";

  /** verity.md §3: 1000 zero blocks, salt 00..1f, nil UUID. */
  private static final String ROOT =
      "10bd5853234f3dda702b282e1e622d787334afeebc973eba1d3395ef3ff6b2b6";

  @TempDir Path dir;

  /** One run of mkddi with stdout and stderr (including System.err warnings) captured. */
  private Path zeros(String name, int bytes) throws IOException {
    return Files.write(dir.resolve(name), new byte[bytes]);
  }

  @Test
  void testFormat_printsVeritysetupHeader() throws Exception {
    Path data = zeros("data", 1000 * 4096);
    Path hash = dir.resolve("hash");
    CliRun r = new CliRun("verity", "format", "--salt", SALT, "--uuid", ZERO_UUID, data, hash);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(
        String.join(
            "\n",
            "VERITY header information for " + hash,
            "UUID:            \t" + ZERO_UUID,
            "Hash type:       \t1",
            "Data blocks:     \t1000",
            "Data block size: \t4096",
            "Hash blocks:     \t9",
            "Hash block size: \t4096",
            "Hash algorithm:  \tsha256",
            "Salt:            \t" + SALT,
            "Root hash:      \t" + ROOT,
            "Hash device size: \t40960 [bytes]",
            ""),
        r.out.toString());
    assertEquals(40960, Files.size(hash));
    assertFalse(Files.exists(dir.resolve("hash.tmp")));
    assertEquals("", r.warnings);
  }

  @Test
  void testFormat_rootHashFileAndJson() throws Exception {
    Path data = zeros("data", 1000 * 4096);
    Path rootFile = dir.resolve("root");
    CliRun r =
        new CliRun(
            "verity",
            "format",
            "--salt=" + SALT,
            "--uuid=" + ZERO_UUID,
            "--json",
            "--root-hash-file",
            rootFile,
            data,
            dir.resolve("hash"));
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(ROOT, Files.readString(rootFile));
    String json = r.out.toString();
    assertTrue(json.contains("\"rootHash\":\"" + ROOT + "\""), json);
    assertTrue(json.contains("\"hashDeviceSize\":40960"), json);
    assertTrue(json.contains("\"hashBlocks\":9"), json);
  }

  @Test
  void testFormat_defaultSaltAndUuidAreRandom() throws Exception {
    Path data = zeros("data", 8 * 4096);
    CliRun a = new CliRun("verity", "format", data, dir.resolve("h1"));
    CliRun b = new CliRun("verity", "format", data, dir.resolve("h2"));
    assertEquals(ExitCode.OK, a.code);
    String saltA = line(a.out.toString(), "Salt:");
    assertEquals(64, saltA.length());
    assertFalse(saltA.equals(line(b.out.toString(), "Salt:")));
    assertFalse(line(a.out.toString(), "UUID:").equals(line(b.out.toString(), "UUID:")));
  }

  private static String line(String out, String label) {
    return out.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow().split("\t")[1];
  }

  @Test
  void testFormat_partialBlockWarnsAndIsNotCovered() throws Exception {
    Path data = zeros("data", 3 * 4096 + 100);
    CliRun r = new CliRun("verity", "format", "--salt", "-", data, dir.resolve("h"));
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertTrue(r.out.toString().contains("Data blocks:     \t3\n"), r.out.toString());
    assertEquals(
        "warning: "
            + data
            + ": size 12388 is not a multiple of the data block size"
            + " 4096; the last 100 bytes are not covered",
        r.warnings.strip());
  }

  @Test
  void testFormat_sameFileWithHashOffsetThenVerifyAndDump() throws Exception {
    Path data = zeros("data", 1000 * 4096);
    CliRun r =
        new CliRun(
            "verity",
            "format",
            "--salt",
            SALT,
            "--uuid",
            ZERO_UUID,
            "--hash-offset",
            4096000,
            "--data-blocks",
            1000,
            data,
            data);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(ROOT, line(r.out.toString(), "Root hash:"));
    assertFalse(r.out.toString().contains("Hash device size"), r.out.toString());
    assertEquals(4136960, Files.size(data));
    assertEquals(
        ExitCode.OK,
        new CliRun("verity", "verify", "--hash-offset", 4096000, data, data, ROOT).code);
    CliRun dump = new CliRun("verity", "dump", "--hash-offset", 4096000, data);
    assertEquals(ExitCode.OK, dump.code);
    assertTrue(dump.out.toString().contains("Data blocks:     \t1000\n"), dump.out.toString());
    assertFalse(dump.out.toString().contains("Root hash"));
  }

  @Test
  void testVerify_okCorruptedAndRootHashFile() throws Exception {
    Path data = zeros("data", 1000 * 4096);
    Path hash = dir.resolve("hash");
    Path rootFile = dir.resolve("root");
    assertEquals(
        ExitCode.OK,
        new CliRun("verity", "format", "--salt", SALT, "--root-hash-file", rootFile, data, hash)
            .code);
    String root = Files.readString(rootFile);
    CliRun ok = new CliRun("verity", "verify", data, hash, root);
    assertEquals(ExitCode.OK, ok.code, ok.err.toString());
    assertEquals("", ok.out.toString());
    assertEquals(
        ExitCode.OK, new CliRun("verity", "verify", "--root-hash-file", rootFile, data, hash).code);
    byte[] bytes = Files.readAllBytes(data);
    bytes[777 * 4096 + 5] = 1;
    Files.write(data, bytes);
    CliRun bad = new CliRun("verity", "verify", data, hash, root);
    assertEquals(ExitCode.CHECK_FAILED, bad.code);
    assertEquals(
        "mkddi: verification failed: data block 777 (byte 3182592 of the data device)"
            + " does not match its hash (level 0, block 6, entry 9)",
        bad.errLine());
  }

  @Test
  void testVerify_noSuperblockNeedsGeometryAndSalt() throws Exception {
    Path data = zeros("data", 1000 * 4096);
    Path hash = dir.resolve("hash");
    CliRun f =
        new CliRun(
            "verity",
            "format",
            "--no-superblock",
            "--salt",
            SALT,
            "--hash",
            "sha1",
            "--hash-block-size",
            1024,
            data,
            hash);
    assertEquals(ExitCode.OK, f.code, f.err.toString());
    assertTrue(f.out.toString().contains("UUID:            \t\n"), f.out.toString());
    String root = line(f.out.toString(), "Root hash:");
    assertEquals(
        ExitCode.OK,
        new CliRun(
                "verity",
                "verify",
                "--no-superblock",
                "--salt",
                SALT,
                "--hash",
                "sha1",
                "--hash-block-size",
                1024,
                data,
                hash,
                root)
            .code);
    CliRun noSalt =
        new CliRun("verity", "verify", "--no-superblock", "--hash", "sha1", data, hash, root);
    assertEquals(ExitCode.INVALID_INPUT, noSalt.code);
    assertEquals("mkddi: --no-superblock needs --salt (use '-' for none)", noSalt.errLine());
    CliRun wrongGeometry =
        new CliRun(
            "verity",
            "verify",
            "--no-superblock",
            "--salt",
            SALT,
            "--hash",
            "sha1",
            data,
            hash,
            root);
    assertEquals(ExitCode.CHECK_FAILED, wrongGeometry.code);
  }

  @Test
  void testFormat_missingDataFile_exit2() {
    CliRun r = new CliRun("verity", "format", dir.resolve("nope"), dir.resolve("h"));
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals("mkddi: " + dir.resolve("nope") + ": no such file", r.errLine());
    assertFalse(Files.exists(dir.resolve("h")));
  }

  @Test
  void testFormat_badHexSalt_exit2() throws Exception {
    Path data = zeros("data", 4096);
    CliRun r = new CliRun("verity", "format", "--salt", "00zz", data, dir.resolve("h"));
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals("mkddi: --salt: 'z' at position 3 is not a hex digit", r.errLine());
    CliRun odd = new CliRun("verity", "format", "--salt", "abc", data, dir.resolve("h"));
    assertEquals("mkddi: --salt: expected an even number of hex digits, got 3", odd.errLine());
    CliRun root = new CliRun("verity", "verify", data, data, "xyz");
    assertEquals(ExitCode.INVALID_INPUT, root.code);
    assertFalse(Files.exists(dir.resolve("h")));
  }

  @Test
  void testFormat_blockSizeNotPowerOfTwo_exit2() throws Exception {
    Path data = zeros("data", 40960);
    CliRun r = new CliRun("verity", "format", "--data-block-size", 1000, data, dir.resolve("h"));
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi: data block size 1000 is not a power of two from 512 to 524288", r.errLine());
    CliRun h = new CliRun("verity", "format", "--hash-block-size", 1048576, data, dir.resolve("h"));
    assertEquals(
        "mkddi: hash block size 1048576 is not a power of two from 512 to 524288", h.errLine());
    assertFalse(Files.exists(dir.resolve("h")));
  }

  @Test
  void testFormat_hashOffsetOverlappingData_exit2() throws Exception {
    Path data = zeros("data", 10 * 4096);
    byte[] before = Files.readAllBytes(data);
    CliRun r = new CliRun("verity", "format", "--hash-offset", 8192, data, data);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi: --hash-offset 8192: the hash area overlaps the data (10 blocks end at"
            + " byte 40960); DATA and HASH are the same file",
        r.errLine());
    assertTrue(Arrays.equals(before, Files.readAllBytes(data)));
  }

  @Test
  void testFormat_otherBadOptions_exit2() throws Exception {
    Path data = zeros("data", 8192);
    Path h = dir.resolve("h");
    assertEquals(
        "mkddi: --uuid: 'xyz' is not a UUID (expected 8-4-4-4-12 hex digits)",
        new CliRun("verity", "format", "--uuid", "xyz", data, h).errLine());
    assertEquals(
        "mkddi: hash format 2 is not supported; expected 0 or 1",
        new CliRun("verity", "format", "--format", 2, data, h).errLine());
    assertEquals(
        "mkddi: hash offset 1000 is not a non-negative multiple of 512",
        new CliRun("verity", "format", "--hash-offset", 1000, data, h).errLine());
    assertEquals(
        "mkddi: salt has 257 bytes; at most 256 are allowed",
        new CliRun("verity", "format", "--salt", "ab".repeat(257), data, h).errLine());
    assertEquals(
        "mkddi: --data-blocks 3: " + data + " has 8192 bytes, room for 2 blocks of 4096",
        new CliRun("verity", "format", "--data-blocks", 3, data, h).errLine());
    assertEquals(
        "mkddi: " + data + ": 8192 bytes is less than one data block (16384 bytes)",
        new CliRun("verity", "format", "--data-block-size", 16384, data, h).errLine());
    assertTrue(
        new CliRun("verity", "format", "--hash", "crc32", data, h)
            .errLine()
            .startsWith("mkddi: hash algorithm 'crc32' is not supported; expected one of sha256,"));
    CliRun help = new CliRun("verity", "format", "-h", "sha1", data, h); // -h is help, never --hash
    assertEquals(ExitCode.OK, help.code);
    assertTrue(help.out.toString().startsWith("Usage: mkddi verity format"), help.out.toString());
    assertFalse(Files.exists(h));
  }

  @Test
  void testFormat_hashParentMissing_exit2LikeMkfs() throws Exception {
    Path data = zeros("data", 8192);
    Path missingDir = dir.resolve("no/such/dir/hash");
    CliRun r = new CliRun("verity", "format", data, missingDir);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals("mkddi: " + missingDir + ": parent directory does not exist", r.errLine());
  }

  @Test
  void testFormat_dataBlocksZeroMeansTheWholeDevice() throws Exception {
    Path data = zeros("data", 64 * 4096);
    CliRun all =
        new CliRun(
            "verity", "format", "--salt", SALT, "--uuid", ZERO_UUID, data, dir.resolve("h1"));
    CliRun zero =
        new CliRun(
            "verity",
            "format",
            "--data-blocks",
            0,
            "--salt",
            SALT,
            "--uuid",
            ZERO_UUID,
            data,
            dir.resolve("h2"));
    assertEquals(ExitCode.OK, zero.code, zero.err.toString());
    assertTrue(zero.out.toString().contains("Data blocks:     \t64\n"), zero.out.toString());
    assertArrayEquals(Files.readAllBytes(dir.resolve("h1")), Files.readAllBytes(dir.resolve("h2")));
    assertEquals(all.out.toString().replace("h1", "h2"), zero.out.toString());
  }

  @Test
  void testFormat_dataBlockLargerThanPageWarns() throws Exception {
    Path data = zeros("data", 4 * 65536);
    CliRun r = new CliRun("verity", "format", "--data-block-size", 65536, data, dir.resolve("h"));
    assertEquals(ExitCode.OK, r.code);
    assertTrue(
        r.warnings.contains(
            "data block size 65536 is larger than the page size (4096): the kernel may refuse to"
                + " activate this device"),
        r.warnings);
    CliRun small = new CliRun("verity", "format", data, dir.resolve("h2"));
    assertFalse(small.warnings.contains("page size"), small.warnings);
  }

  @Test
  void testDump_superblockOfZeroDataBlocksShownLikeVeritysetup() throws Exception {
    Path data = zeros("data", 8 * 4096);
    Path hash = dir.resolve("hash");
    new CliRun("verity", "format", "--salt", SALT, "--uuid", ZERO_UUID, data, hash);
    try (FileChannel ch = FileChannel.open(hash, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(8), 72); // data_blocks
    }
    CliRun dump = new CliRun("verity", "dump", hash);
    assertEquals(ExitCode.OK, dump.code, dump.err.toString());
    String out = dump.out.toString();
    assertTrue(out.contains("Data blocks:     \t0\n"), out);
    assertTrue(out.contains("Hash blocks:     \t0\n"), out);
    assertTrue(out.contains("Hash device size: \t4096 [bytes]\n"), out);
    CliRun verify = new CliRun("verity", "verify", data, hash, "00".repeat(32));
    assertEquals(ExitCode.INVALID_INPUT, verify.code);
    assertTrue(
        verify.errLine().endsWith("data_blocks: 0: the superblock covers no data"),
        verify.errLine());
  }

  @Test
  void testFormat_writeFailureNamesTheHashFile() throws Exception {
    Path full = Path.of("/dev/full"); // every write fails with ENOSPC
    Assumptions.assumeTrue(Files.exists(full) && !Files.isRegularFile(full));
    Path data = zeros("data", 8192);
    CliRun r = new CliRun("verity", "format", data, full);
    assertEquals(ExitCode.IO_ERROR, r.code);
    assertEquals("mkddi: /dev/full: cannot write: No space left on device", r.errLine());
  }

  @Test
  void testFormat_hashNotWritable_exit3() throws Exception {
    Path data = zeros("data", 8192);
    Path isDir = Files.createDirectory(dir.resolve("d"));
    CliRun d = new CliRun("verity", "format", data, isDir);
    assertEquals(ExitCode.IO_ERROR, d.code);
    assertTrue(d.errLine().startsWith("mkddi: " + isDir + ": "), d.err.toString());
  }

  @Test
  void testDump_notAVerityDevice_exit2() throws Exception {
    Path junk = zeros("junk", 4096);
    CliRun r = new CliRun("verity", "dump", junk);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(
        r.errLine()
            .startsWith(
                "mkddi: " + junk + ": offset 0: verity superblock" + " signature: expected"),
        r.err.toString());
    assertEquals(ExitCode.INVALID_INPUT, new CliRun("verity", "dump", dir.resolve("x")).code);
  }

  @Test
  void testVerity_withoutSubcommand_isUsageError() {
    CliRun r = new CliRun("verity");
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("missing verity command"), r.err.toString());
    assertEquals(ExitCode.OK, new CliRun("verity", "format", "--help").code);
  }
}
