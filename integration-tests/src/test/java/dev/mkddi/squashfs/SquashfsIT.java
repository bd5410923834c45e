package dev.mkddi.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.BigSparseFile;
import dev.mkddi.it.Tools;
import dev.mkddi.it.TreeCompare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mkddi mkfs squashfs} against squashfs-tools and the kernel: every image passes {@code
 * unsquashfs}, the kernel mounts exactly the source tree for every compressor, and for gzip the
 * image is byte for byte what mksquashfs writes.
 */
class SquashfsIT {
  private static final String EPOCH = "1700000000";

  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require(
        "mksquashfs",
        "unsquashfs",
        "mount",
        "umount",
        "mknod",
        "mkfifo",
        "tar",
        "python3",
        "setfattr",
        "getfattr");
  }

  private static void sh(String script) throws Exception {
    Tools.run("bash", "-euc", script).ok();
  }

  /** Runs the mkddi jar with environment variables and JVM options. */
  private static Tools.Result mkddi(Map<String, String> env, List<String> jvm, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-jar");
    cmd.add(System.getProperty("mkddi.jar", "target/mkddi.jar"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Path err = Files.createTempFile("squashfs-it", ".err");
    pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    int code = pb.start().waitFor();
    String stderr = Files.readString(err);
    Files.delete(err);
    return new Tools.Result(code, "", stderr);
  }

  /** A tree with every entry type and the edge cases of the issue; mtimes in whole seconds. */
  private Path makeTree() throws Exception {
    Path t = Files.createDirectory(tmp.resolve("tree"));
    Random rnd = new Random(42);
    Files.createDirectories(t.resolve("usr/lib"));
    for (int size :
        new int[] {0, 1, 4095, 4096, 4097, 8191, 12288, 65537, 131071, 131072, 131073}) {
      byte[] b = new byte[size];
      rnd.nextBytes(b);
      Files.write(t.resolve("usr/lib/f" + size), b);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      text.append("line ").append(i % 977).append(" of a compressible file\n");
    }
    Files.writeString(t.resolve("usr/lib/text"), text);
    Files.writeString(t.resolve("usr/lib/text-copy"), text); // a duplicate
    Path many = Files.createDirectories(t.resolve("many"));
    for (int i = 0; i < 3000; i++) {
      Files.writeString(many.resolve("entry-with-a-longish-name-" + i), Integer.toString(i));
    }
    Files.writeString(t.resolve("n".repeat(255)), "long name");
    Files.createSymbolicLink(t.resolve("l".repeat(255)), Path.of("s".repeat(4095)));
    Files.createSymbolicLink(t.resolve("rel"), Path.of("usr/lib/f4096"));
    Files.createLink(t.resolve("hard-a"), t.resolve("usr/lib/f4097"));
    Files.createLink(t.resolve("hard-b"), t.resolve("usr/lib/f4097"));
    sh(
        "cd "
            + t
            + " && mkdir -p dev run tmp empty && mknod dev/null c 1 3 && mknod dev/sda b 8 0"
            + " && mknod dev/big c 4095 1048575 && mkfifo run/fifo"
            + " && python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('run/sock')\""
            + " && truncate -s 1M sparse && printf mid | dd of=sparse bs=1 seek=600000"
            + " conv=notrunc status=none"
            + " && chmod 1777 tmp && chmod 4755 usr/lib/f1 && chmod 2711 usr/lib/f0"
            + " && chmod 000 usr/lib/f8191 && chown 1000:100 usr/lib/f4095"
            + " && chown 4000000:4000001 usr/lib/f65537 && chown -h 7:8 rel"
            // one attribute per file: mksquashfs keeps the order the file system lists them in,
            // mkddi sorts them
            + " && setfattr -n user.mkddi -v hello usr/lib/f1"
            + " && setfattr -n user.long -v 0x"
            + "ab".repeat(300)
            + " usr/lib/f4095 && setfattr -n user.bin -v 0x00ff80 many");
    wholeSeconds(t);
    return t;
  }

  /**
   * Squashfs keeps mtimes in seconds: drop the source's nanoseconds, and keep them before EPOCH.
   */
  private static void wholeSeconds(Path t) throws Exception {
    sh(
        "cd "
            + t
            + " && python3 -c \"import os\n"
            + "for d, ds, fs in os.walk('.'):\n"
            + "  for n in ds + fs + ['.']:\n"
            + "    p = os.path.join(d, n); st = os.lstat(p)\n"
            + "    s = min(st.st_mtime_ns // 10**9, "
            + EPOCH
            + " - 1000)\n"
            + "    os.utime(p, ns=(st.st_atime_ns, s * 10**9), follow_symlinks=False)\"");
  }

  private List<String> mountAndDescribe(Path image) throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run("mount", "-t", "squashfs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
    try {
      return TreeCompare.describe(mnt, true);
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }

  private static void unsquashfs(Path image) throws Exception {
    Tools.Result r = Tools.run("unsquashfs", "-lls", image.toString()).ok();
    assertTrue(
        r.stdout().contains("squashfs-root/usr/lib/text"),
        r.stdout().lines().limit(5).toList().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--comp gzip",
        "--comp gzip --level 1 -b 4K --tail-ends",
        "--comp xz",
        "--comp xz --bcj x86,arm,arm64 -b 1M",
        "--comp zstd",
        "--comp zstd --level 19 --no-exports",
        "--comp lz4",
        "--comp lz4 --hc",
      })
  void testMkfs_everyCompressorMountsIdentically(String options) throws Exception {
    Path tree = makeTree();
    Path image = tmp.resolve("image.sqfs");
    List<String> args = new ArrayList<>(List.of("mkfs", "squashfs"));
    args.addAll(List.of(options.split(" ")));
    args.addAll(List.of(tree.toString(), image.toString()));
    Tools.mkddi(args.toArray(new String[0])).ok();
    unsquashfs(image);
    TreeCompare.assertSame(TreeCompare.describe(tree, true), mountAndDescribe(image));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-tailends", "-b 4K -Xcompression-level 5"})
  void testMkfs_gzipIsByteForByteWhatMksquashfsWrites(String options) throws Exception {
    Path tree = makeTree();
    Path ours = tmp.resolve("ours.sqfs");
    Path theirs = tmp.resolve("theirs.sqfs");
    List<String> args = new ArrayList<>(List.of("mkfs", "squashfs"));
    if (!options.isEmpty()) {
      args.addAll(List.of(options.split(" ")));
    }
    args.addAll(List.of(tree.toString(), ours.toString()));
    Tools.Result r =
        mkddi(Map.of("SOURCE_DATE_EPOCH", EPOCH), List.of(), args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.stderr());
    sh(
        "mksquashfs "
            + tree
            + " "
            + theirs
            + " -noappend -quiet -no-progress -mkfs-time "
            + EPOCH
            + " "
            + options);
    byte[] a = Files.readAllBytes(ours);
    byte[] b = Files.readAllBytes(theirs);
    int first = java.util.Arrays.mismatch(a, b);
    assertEquals(
        -1,
        first,
        "images differ first at byte " + first + " (sizes " + a.length + ", " + b.length + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"xz", "zstd", "lz4"})
  void testMkfs_otherCompressorsListLikeMksquashfs(String comp) throws Exception {
    Path tree = makeTree();
    Path ours = tmp.resolve("ours.sqfs");
    Path theirs = tmp.resolve("theirs.sqfs");
    Tools.Result r =
        mkddi(
            Map.of("SOURCE_DATE_EPOCH", EPOCH),
            List.of(),
            "mkfs",
            "squashfs",
            "--comp",
            comp,
            tree.toString(),
            ours.toString());
    assertEquals(0, r.exitCode(), r.stderr());
    sh(
        "mksquashfs "
            + tree
            + " "
            + theirs
            + " -noappend -quiet -no-progress -comp "
            + comp
            + " -mkfs-time "
            + EPOCH);
    assertEquals(
        Tools.run("unsquashfs", "-lls", "-d", "x", theirs.toString()).ok().stdout(),
        Tools.run("unsquashfs", "-lls", "-d", "x", ours.toString()).ok().stdout());
    List<String> statTheirs = stat(theirs);
    List<String> statOurs = stat(ours);
    assertEquals(statTheirs, statOurs);
  }

  /** unsquashfs -stat without the lines that depend on compressed sizes. */
  private static List<String> stat(Path image) throws Exception {
    return Tools.run("unsquashfs", "-stat", image.toString())
        .ok()
        .stdout()
        .lines()
        .filter(l -> !l.startsWith("Found a valid") && !l.startsWith("Filesystem size"))
        .toList();
  }

  @Test
  void testMkfs_xattrsOfEveryNamespaceFromATar() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("x"));
    sh(
        "cd "
            + src
            + " && echo hi > cap && echo hi > lab && mkdir d && ln -s cap link"
            + " && setfattr -n security.capability -v 0x0100000200200000000000000000000000000000 cap"
            + " && setfattr -n security.selinux -v system_u:object_r:bin_t:s0 cap"
            + " && setfattr -n security.selinux -v system_u:object_r:etc_t:s0 lab"
            + " && setfattr -n trusted.overlay.opaque -v y d"
            + " && setfattr -n user.big -v 0x"
            + "cd".repeat(2000)
            + " d"
            + " && setfattr -h -n trusted.link -v t link");
    Path tar = tmp.resolve("x.tar");
    sh("tar --xattrs --xattrs-include='*' -C " + src + " -cf " + tar + " .");
    Path image = tmp.resolve("x.sqfs");
    Tools.mkddi("mkfs", "squashfs", "--comp", "zstd", tar.toString(), image.toString()).ok();
    Tools.run("unsquashfs", "-lls", image.toString()).ok();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run("mount", "-t", "squashfs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
    try {
      String expected = dump(src);
      assertEquals(expected, dump(mnt));
      assertTrue(expected.contains("security.capability=0x0100000200200000"), expected);
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }

  private static String dump(Path dir) throws Exception {
    return Tools.run(
            "bash",
            "-c",
            "cd " + dir + " && find . | LC_ALL=C sort | xargs getfattr -h -d -m - -e hex")
        .ok()
        .stdout();
  }

  @Test
  void testMkfs_hostileTreeRoundTrips() throws Exception {
    Path t = Files.createDirectory(tmp.resolve("hostile"));
    sh(
        "cd "
            + t
            + " && mkdir wide && python3 -c \"import os\n"
            + "for i in range(100000):\n"
            + "  open('wide/%06d' % i, 'w').close()\n"
            + "open('wide/' + 'z' * 255, 'w').write('last')\"");
    sh(
        "cd "
            + t
            + " && for s in 0 1 131071 131072 131073; do head -c $s /dev/urandom > size-$s; done"
            + " && truncate -s 10M holes && printf x | dd of=holes bs=1 seek=5000000 conv=notrunc"
            + " status=none && truncate -s 3M allhole");
    wholeSeconds(t);
    Path image = tmp.resolve("hostile.sqfs");
    Tools.mkddi("mkfs", "squashfs", t.toString(), image.toString()).ok();
    Tools.run("unsquashfs", "-lls", image.toString()).ok();
    TreeCompare.assertSame(TreeCompare.describe(t, true), mountAndDescribe(image));
  }

  @Test
  void testMkfs_fileLargerThan4GiB() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("big"));
    Path big = src.resolve("big.bin");
    BigSparseFile expected = BigSparseFile.write(big);
    Path image = tmp.resolve("big.sqfs");
    try {
      Tools.mkddi("mkfs", "squashfs", "--comp", "lz4", src.toString(), image.toString()).ok();
      Files.delete(big);
      assertTrue(Files.size(image) < 1 << 20, "zeros are sparse blocks: " + Files.size(image));
      Path mnt = Files.createDirectories(tmp.resolve("mnt"));
      Tools.run("mount", "-t", "squashfs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
      try {
        expected.assertSameAs(mnt.resolve("big.bin"));
      } finally {
        Tools.run("umount", mnt.toString()).ok();
      }
    } finally {
      Files.deleteIfExists(image);
      Files.deleteIfExists(big);
    }
  }

  @Test
  void testMkfs_sameBytesForAnyThreadCountAndSourceDateEpoch() throws Exception {
    Path tree = makeTree();
    Path one = tmp.resolve("one.sqfs");
    Path two = tmp.resolve("two.sqfs");
    Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", "1500000000");
    assertEquals(
        0,
        mkddi(
                env,
                List.of("-XX:ActiveProcessorCount=1"),
                "mkfs",
                "squashfs",
                "--comp",
                "xz",
                tree.toString(),
                one.toString())
            .exitCode());
    assertEquals(
        0,
        mkddi(
                env,
                List.of("-XX:ActiveProcessorCount=4"),
                "mkfs",
                "squashfs",
                "--comp",
                "xz",
                tree.toString(),
                two.toString())
            .exitCode());
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
    String stat = Tools.run("env", "TZ=UTC", "unsquashfs", "-stat", one.toString()).ok().stdout();
    assertTrue(stat.contains("Creation or last append time Fri Jul 14 02:40:00 2017"), stat);
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run("mount", "-t", "squashfs", "-o", "loop,ro", one.toString(), mnt.toString()).ok();
    try {
      // the tree's mtimes are later than the epoch: all clamped to it
      assertEquals(
          1_500_000_000L, Files.getLastModifiedTime(mnt.resolve("usr/lib/f1")).toMillis() / 1000);
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }

  /**
   * XZ for Java is a multi-release jar: its match-length code that compares 8 bytes at a time lives
   * only under META-INF/versions/9 (the base classes compare a byte at a time; /usr/share/vim: 5 %
   * more CPU). mkddi.jar must keep the versioned classes and the JVM must load them, from the jar
   * and from a class-data archive (which the launcher uses for every command, xz included).
   */
  @Test
  void testMkfs_xzRunsXzForJavasJava9ClassesWithAndWithoutAnArchive() throws Exception {
    Path tree = Files.createDirectory(tmp.resolve("tree"));
    Files.writeString(tree.resolve("text"), "a line of text to compress\n".repeat(5000));
    Path jsa = tmp.resolve("mkfs.jsa");
    Path plain = tmp.resolve("plain.log");
    Path archived = tmp.resolve("archived.log");
    Path image = tmp.resolve("image.sqfs");
    String[] args = {"mkfs", "squashfs", "--comp", "xz", tree.toString(), image.toString()};
    List<List<String>> runs =
        List.of(
            List.of("-Xlog:class+load=info:file=" + plain, "-XX:ArchiveClassesAtExit=" + jsa),
            List.of("-Xlog:class+load=info:file=" + archived, "-XX:SharedArchiveFile=" + jsa));
    for (List<String> jvm : runs) {
      Files.deleteIfExists(image);
      Tools.Result r = mkddi(Map.of(), jvm, args);
      assertEquals(0, r.exitCode(), r.stderr());
    }
    // MatchLengthFinder exists only in META-INF/versions/9
    String finder = "org.tukaani.xz.lz.MatchLengthFinder source: ";
    assertTrue(Files.readString(plain).contains(finder + "file:"), "not loaded from mkddi.jar");
    assertTrue(
        Files.readString(archived).contains(finder + "shared objects file"),
        "not loaded from the archive");
  }
}
