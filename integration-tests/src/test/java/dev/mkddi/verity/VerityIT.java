package dev.mkddi.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mkddi verity} against the real veritysetup: same bytes, same root, each verifies. */
class VerityIT {
  private static final String UUID = "11111111-2222-4333-8444-555555555555";

  @TempDir Path dir;

  @BeforeAll
  static void tools() {
    Tools.require("veritysetup");
  }

  private static String root(Tools.Result r) {
    return r.stdout()
        .lines()
        .filter(l -> l.startsWith("Root hash:"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no root hash in: " + r.stdout() + r.stderr()))
        .split("\t")[1]
        .strip();
  }

  private static Tools.Result veritysetup(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("veritysetup");
    cmd.addAll(args);
    return Tools.run(null, cmd);
  }

  private static Tools.Result mkddi(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("verity");
    cmd.addAll(args);
    return Tools.mkddi(cmd.toArray(new String[0]));
  }

  /** {@code ACTION OPTIONS... ARGS...}: the action first, as both tools accept it. */
  private static List<String> concat(List<String> opts, String action, Object... args) {
    List<String> out = new ArrayList<>();
    out.add(action);
    out.addAll(opts);
    for (Object o : args) {
      out.add(o.toString());
    }
    return out;
  }

  private static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(~b);
    }
  }

  private static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** Random parameters, separate hash file (optionally at a hash offset). */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void testFormat_randomParameters_matchVeritysetup(int seed) throws Exception {
    Random r = new Random(seed);
    VerityHash alg = VerityHash.values()[r.nextInt(VerityHash.values().length)];
    int dbs = 512 << r.nextInt(4);
    int hbs = 512 << r.nextInt(4);
    int n = 2 + r.nextInt(r.nextBoolean() ? 200 : 3000);
    int format = r.nextInt(4) == 0 ? 0 : 1;
    boolean sb = r.nextInt(3) > 0;
    int saltLen = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(256);
    String salt = saltLen == 0 ? "-" : dev.mkddi.io.Hex.encode(random(r, saltLen));
    long offset = r.nextInt(3) == 0 ? 0 : 4096L * r.nextInt(8);
    Path data = Files.write(dir.resolve("data"), random(r, n * dbs + r.nextInt(dbs)));
    List<String> opts =
        new ArrayList<>(
            List.of(
                "--hash=" + alg.veritysetupName(),
                "--data-block-size=" + dbs,
                "--hash-block-size=" + hbs,
                "--format=" + format,
                "--salt=" + salt,
                "--hash-offset=" + offset));
    if (sb) {
      opts.add("--uuid=" + UUID);
    } else {
      opts.add("--no-superblock");
    }
    String what = "seed " + seed + " " + opts + " n=" + n;
    Path h1 = dir.resolve("h1");
    Path h2 = dir.resolve("h2");
    Tools.Result want = veritysetup(concat(opts, "format", data, h1)).ok();
    Tools.Result got = mkddi(concat(opts, "format", data, h2)).ok();
    assertEquals(root(want), root(got), what);
    assertArrayEquals(Files.readAllBytes(h1), Files.readAllBytes(h2), what);
    assertEquals(
        want.stdout().replace(h1.toString(), "H").replaceAll("(UUID:\\s+\t).*", "$1"),
        got.stdout().replace(h2.toString(), "H").replaceAll("(UUID:\\s+\t).*", "$1"),
        what);
    List<String> vopts = sb ? List.of("--hash-offset=" + offset) : opts;
    // each tool accepts the other's hash device
    veritysetup(concat(vopts, "verify", data, h2, root(got))).ok();
    mkddi(concat(vopts, "verify", data, h1, root(want))).ok();
    // and both reject a flipped data byte and a flipped tree byte
    long dataByte = (long) r.nextInt(n) * dbs + r.nextInt(dbs);
    flip(data, dataByte);
    assertNotEquals(0, veritysetup(concat(vopts, "verify", data, h1, root(want))).exitCode());
    Tools.Result bad = mkddi(concat(vopts, "verify", data, h1, root(want)));
    assertEquals(1, bad.exitCode(), what + bad.stderr());
    assertTrue(bad.stderr().contains("data block " + dataByte / dbs + " "), bad.stderr());
    flip(data, dataByte);
    long treeStart = sb ? (offset + 512 + hbs - 1) / hbs * hbs : offset / hbs * hbs;
    long treeByte = treeStart + r.nextInt((int) (Files.size(h1) - treeStart));
    flip(h1, treeByte);
    assertNotEquals(0, veritysetup(concat(vopts, "verify", data, h1, root(want))).exitCode());
    assertEquals(1, mkddi(concat(vopts, "verify", data, h1, root(want))).exitCode(), what);
  }

  /** kiwi style: hash area after the data in the same file, and a data-blocks subset. */
  @Test
  void testFormat_sameFileWithOffsetAndSubset_matchesVeritysetup() throws Exception {
    Random r = new Random(99);
    int n = 1500;
    Path a = Files.write(dir.resolve("a"), random(r, n * 4096 + 4096 * 7));
    Path b = Files.copy(a, dir.resolve("b"));
    long offset = n * 4096L + 8192;
    List<String> opts =
        List.of(
            "--salt=" + "ab".repeat(32),
            "--uuid=" + UUID,
            "--hash-offset=" + offset,
            "--data-blocks=" + n);
    Tools.Result want = veritysetup(concat(opts, "format", a, a)).ok();
    Tools.Result got = mkddi(concat(opts, "format", b, b)).ok();
    assertEquals(root(want), root(got));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    List<String> at = List.of("--hash-offset=" + offset);
    veritysetup(concat(at, "verify", b, b, root(got))).ok();
    mkddi(concat(at, "verify", a, a, root(want))).ok();
    Tools.Result dumpWant =
        veritysetup(List.of("dump", "--hash-offset=" + offset, a.toString())).ok();
    Tools.Result dumpGot = mkddi(List.of("dump", "--hash-offset=" + offset, a.toString())).ok();
    assertEquals(dumpWant.stdout(), dumpGot.stdout());
    // the tree opened without the superblock, at the tree start
    List<String> nosb =
        List.of(
            "--no-superblock",
            "--salt=" + "ab".repeat(32),
            "--hash-offset=" + (offset + 4096),
            "--data-blocks=" + n);
    veritysetup(concat(nosb, "verify", b, b, root(got))).ok();
    mkddi(concat(nosb, "verify", a, a, root(want))).ok();
    // overlapping offsets are refused by both
    Path c = Files.copy(a, dir.resolve("c"), StandardCopyOption.REPLACE_EXISTING);
    List<String> overlap = List.of("--salt=-", "--hash-offset=" + (n * 4096L - 4096));
    assertNotEquals(0, veritysetup(concat(overlap, "format", c, c)).exitCode());
    assertEquals(2, mkddi(concat(overlap, "format", c, c)).exitCode());
  }

  /** A subset of a larger data file, separate hash file; then a data byte past the subset. */
  @Test
  void testFormat_dataBlocksSubset_ignoresTheRest() throws Exception {
    Random r = new Random(5);
    Path data = Files.write(dir.resolve("data"), random(r, 1000 * 4096));
    List<String> opts = List.of("--salt=" + "01".repeat(32), "--uuid=" + UUID, "--data-blocks=500");
    Tools.Result want = veritysetup(concat(opts, "format", data, dir.resolve("h1"))).ok();
    Tools.Result got = mkddi(concat(opts, "format", data, dir.resolve("h2"))).ok();
    assertEquals(root(want), root(got));
    assertArrayEquals(Files.readAllBytes(dir.resolve("h1")), Files.readAllBytes(dir.resolve("h2")));
    flip(data, 700 * 4096);
    veritysetup(List.of("verify", data.toString(), dir.resolve("h2").toString(), root(got))).ok();
    mkddi(List.of("verify", data.toString(), dir.resolve("h1").toString(), root(want))).ok();
  }
}
