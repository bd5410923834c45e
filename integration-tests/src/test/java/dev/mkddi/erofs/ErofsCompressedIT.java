package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import dev.mkddi.it.TreeCompare;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mkddi mkfs erofs -z}: every compressor and cluster layout, with and without fragments,
 * passes fsck.erofs (bookworm's 1.5 for lz4 and lzma without fragments, which it does not know;
 * trixie's 1.8 from integration-tests/kits/erofs-utils.sh for all) and the kernel mounts exactly
 * the source tree, hostile trees included (the 4.5 GiB file: {@link ErofsIT}).
 */
class ErofsCompressedIT {
  /** erofs-utils 1.8's wrappers, or null when the kit could not be fetched. */
  private static Path kit;

  private static String kitProblem;

  @TempDir Path tmp;

  @BeforeAll
  static void fetchKit() throws Exception {
    Path script =
        Path.of(System.getProperty("mkddi.root", "."), "integration-tests/kits/erofs-utils.sh");
    Tools.Result r = Tools.run("bash", script.toString());
    if (r.exitCode() == 0) {
      kit = Path.of(r.stdout().trim());
    } else {
      kitProblem = "erofs-utils 1.8 kit: " + r.stderr().trim();
    }
  }

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require("fsck.erofs", "mount", "umount", "mknod", "mkfifo", "python3", "setfattr");
  }

  private static void sh(String script) throws Exception {
    Tools.run("bash", "-euc", script).ok();
  }

  /** Text that compresses about 3:1, from a seed. */
  private static byte[] text(int size, long seed) {
    Random rnd = new Random(seed);
    String[] words = {
      "usr", "share", "locale", "erofs", "cluster", "kernel", "the", "of", "=", "\n"
    };
    StringBuilder sb = new StringBuilder(size + 32);
    while (sb.length() < size) {
      sb.append(words[rnd.nextInt(words.length)]).append(' ');
      if (rnd.nextInt(30) == 0) {
        sb.append(rnd.nextInt(100000));
      }
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** Every entry type, sizes around the block and cluster boundaries, compressible or not. */
  private Path makeTree() throws Exception {
    Path t = Files.createDirectory(tmp.resolve("tree"));
    Random rnd = new Random(42);
    Path text = Files.createDirectories(t.resolve("usr/share/text"));
    Path random = Files.createDirectories(t.resolve("usr/lib/random"));
    int[] sizes = {
      0, 1, 100, 4095, 4096, 4097, 8191, 8193, 16383, 16385, 65535, 65536, 65537, 131071, 131073,
      1048575, 1048577, 3_000_001
    };
    for (int size : sizes) {
      Files.write(text.resolve("t" + size), text(size, size));
      byte[] b = new byte[size];
      rnd.nextBytes(b);
      Files.write(random.resolve("r" + size), b);
    }
    // compressible text with an incompressible stretch in the middle
    byte[] mixed = text(600_000, 5);
    System.arraycopy(Files.readAllBytes(random.resolve("r131073")), 0, mixed, 200_000, 131_073);
    Files.write(t.resolve("usr/share/mixed"), mixed);
    Files.writeString(t.resolve("n".repeat(255)), "long name ".repeat(1000));
    Files.createSymbolicLink(t.resolve("l".repeat(255)), Path.of("s".repeat(4095)));
    Files.createSymbolicLink(t.resolve("rel"), Path.of("usr/share/text/t4097"));
    Files.createLink(t.resolve("hard-a"), text.resolve("t65537"));
    Files.createLink(t.resolve("hard-b"), text.resolve("t65537"));
    sh(
        "cd "
            + t
            + " && mkdir -p dev run tmp sparse && mknod dev/null c 1 3 && mknod dev/sda b 8 0"
            + " && mknod dev/big c 4095 1048575 && mkfifo run/fifo"
            + " && python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('run/sock')\""
            + " && chmod 1777 tmp && chmod 4755 usr/share/text/t1 && chmod 2711 usr/share/text/t0"
            + " && chmod 000 usr/share/text/t8191 && chown 1000:100 usr/share/text/t4095"
            + " && chown 4000000:4000001 usr/share/text/t65536 && chown -h 7:8 rel"
            + " && setfattr -n user.mkddi -v hello usr/share/text/t100000 2>/dev/null || true"
            + " && setfattr -n user.mkddi -v hello usr/share/text/t4097"
            + " && setfattr -n user.big -v $(printf '%0600d' 7) usr/share/text/t3000001"
            + " && truncate -s 9M sparse/holes-both-ends"
            + " && printf middle | dd of=sparse/holes-both-ends bs=1 seek=4500000 conv=notrunc"
            + " status=none && truncate -s 3M sparse/all-hole");
    Files.setLastModifiedTime(
        text.resolve("t1"), FileTime.from(Instant.ofEpochSecond(1_000_000_000, 123_456_789)));
    return t;
  }

  private List<String> mountAndDescribe(Path image, boolean mtimes) throws Exception {
    return TreeCompare.mounted(image, tmp.resolve("mnt"), mtimes);
  }

  /** fsck.erofs 1.8 checks every image, bookworm's 1.5 those whose compressor it knows. */
  private static void fsck(Path image, String args) throws Exception {
    if (kit == null) {
      if (System.getenv("CI") != null) {
        org.junit.jupiter.api.Assertions.fail(kitProblem);
      }
    } else {
      Tools.run(kit.resolve("fsck.erofs").toString(), image.toString()).ok();
    }
    if ((args.contains("lz4") || args.contains("lzma")) && !args.contains("fragments")) {
      Tools.run("fsck.erofs", image.toString()).ok();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-zlz4",
        "-zlz4hc",
        "-zlz4 -Eztailpacking",
        "-zlz4hc,12 -C65536",
        "-zlz4hc -C1048576 -Eztailpacking",
        "-zlzma",
        "-zlzma,109 -C131072 -Eztailpacking",
        "-zdeflate",
        "-zdeflate,9 -C16384 -Eztailpacking",
        "-zzstd",
        "-zzstd,level=12 -C65536 -Eztailpacking",
        "-zlz4 -Efragments",
        "-zlz4hc -Efragments",
        "-zlz4hc,12 -C65536 -Efragments,ztailpacking",
        "-zlzma -Efragments",
        "-zdeflate -Efragments",
        "-zzstd -Efragments",
        "-zzstd -C65536 -Eall-fragments",
      })
  void testMkfs_compressedTreeMountsIdentically(String args) throws Exception {
    Path tree = makeTree();
    Path image = tmp.resolve("z.img");
    Path plain = tmp.resolve("plain.img");
    List<String> cmd = new ArrayList<>(List.of("mkfs", "erofs"));
    cmd.addAll(Arrays.asList(args.split(" ")));
    cmd.addAll(List.of(tree.toString(), image.toString()));
    Tools.mkddi(cmd.toArray(String[]::new)).ok();
    Tools.mkddi("mkfs", "erofs", tree.toString(), plain.toString()).ok();
    assertTrue(
        Files.size(image) < Files.size(plain) * 0.8,
        args + ": " + Files.size(image) + " bytes, uncompressed " + Files.size(plain));
    fsck(image, args);
    TreeCompare.assertSame(TreeCompare.describe(tree, true), mountAndDescribe(image, true));
  }

  /**
   * Identical files (small ones share a fragment, big ones their blocks), many small ones and the
   * sizes around a block, packed into fragments.
   */
  @ParameterizedTest
  @ValueSource(strings = {"-zlz4hc -Efragments", "-zlzma -Eall-fragments"})
  void testMkfs_fragmentsOfHostileTree(String args) throws Exception {
    Path tree = Files.createDirectory(tmp.resolve("hostile"));
    Random rnd = new Random(7);
    byte[] same = text(9000, 1);
    for (int i = 0; i < 2000; i++) {
      int size = i % 10 == 0 ? 4096 + i % 3 - 1 : rnd.nextInt(3 * 4096);
      byte[] b = i % 7 == 0 ? same : i % 3 == 0 ? new byte[size] : text(size, i);
      if (i % 5 == 0) {
        rnd.nextBytes(b);
      }
      Files.write(tree.resolve("f" + i), b);
    }
    // identical big files share their blocks
    byte[] big = text(5_000_123, 9);
    Files.write(tree.resolve("big-a"), big);
    Files.write(tree.resolve("big-b"), big);
    Files.write(tree.resolve("mid-a"), Arrays.copyOf(big, 300_001));
    Files.write(tree.resolve("mid-b"), Arrays.copyOf(big, 300_001));
    Files.write(tree.resolve("one"), new byte[] {1});
    Files.write(tree.resolve("zero"), new byte[0]);
    Path image = tmp.resolve("hostile.img");
    List<String> cmd = new ArrayList<>(List.of("mkfs", "erofs"));
    cmd.addAll(Arrays.asList(args.split(" ")));
    cmd.addAll(List.of(tree.toString(), image.toString()));
    Tools.mkddi(cmd.toArray(String[]::new)).ok();
    fsck(image, args);
    TreeCompare.assertSame(TreeCompare.describe(tree, true), mountAndDescribe(image, true));
  }

  @Test
  void testMkfs_hundredThousandFilesInOneDirectory() throws Exception {
    Path tree = Files.createDirectory(tmp.resolve("many"));
    Path dir = Files.createDirectory(tree.resolve("d"));
    // names up to 214 bytes, contents of 20 bytes to 6 KB (inline tails and whole clusters)
    Tools.run(
            "python3",
            "-c",
            "import os\n"
                + "for i in range(100000):\n"
                + "  open(os.path.join('"
                + dir
                + "', 'file-%06d-%s' % (i, 'x' * (i % 200))), 'w')"
                + ".write('content of file %d %s' % (i, 'abc' * (i % 2000)))")
        .ok();
    Path image = tmp.resolve("many.img");
    Tools.mkddi("mkfs", "erofs", "-zlz4hc", "-Eztailpacking", tree.toString(), image.toString())
        .ok();
    fsck(image, "lz4hc");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run("mount", "-t", "erofs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
    try (java.util.stream.Stream<Path> entries = Files.list(mnt.resolve("d"))) {
      assertEquals(100_000, entries.count());
      // names and contents: diff compares every file, far faster than describing 200 000 of them
      Tools.run("diff", "-r", "--no-dereference", tree.toString(), mnt.toString()).ok();
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }
}
