package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.BigSparseFile;
import dev.mkddi.it.Tools;
import dev.mkddi.it.TreeCompare;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mkddi mkfs erofs} against erofs-utils and the kernel: every image passes fsck.erofs and
 * the kernel mounts exactly the source tree.
 */
class ErofsIT {
  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require(
        "fsck.erofs",
        "dump.erofs",
        "mount",
        "umount",
        "mknod",
        "mkfifo",
        "tar",
        "python3",
        "setfattr");
  }

  private static void sh(String script) throws Exception {
    Tools.run("bash", "-euc", script).ok();
  }

  /** A tree with every entry type and the edge cases of the issue. */
  private Path makeTree() throws Exception {
    Path t = Files.createDirectory(tmp.resolve("tree"));
    Random rnd = new Random(42);
    Files.createDirectories(t.resolve("usr/lib"));
    for (int size : new int[] {0, 1, 4095, 4096, 4097, 8191, 12288, 65537}) {
      byte[] b = new byte[size];
      rnd.nextBytes(b);
      Files.write(t.resolve("usr/lib/f" + size), b);
    }
    Path many = Files.createDirectories(t.resolve("many"));
    for (int i = 0; i < 5000; i++) {
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
            + " && mkdir -p dev run tmp && mknod dev/null c 1 3 && mknod dev/sda b 8 0"
            + " && mknod dev/big c 4095 1048575 && mkfifo run/fifo"
            + " && python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('run/sock')\""
            + " && chmod 1777 tmp && chmod 4755 usr/lib/f1 && chmod 2711 usr/lib/f0"
            + " && chmod 000 usr/lib/f8191 && chown 1000:100 usr/lib/f4095"
            + " && chown 4000000:4000001 usr/lib/f65537 && chown -h 7:8 rel"
            + " && setfattr -n user.mkddi -v hello usr/lib/f1"
            + " && setfattr -n user.bin -v 0x00ff80 many");
    Files.setLastModifiedTime(
        t.resolve("usr/lib/f1"), FileTime.from(Instant.ofEpochSecond(1_000_000_000, 123_456_789)));
    return t;
  }

  private List<String> mountAndDescribe(Path image, boolean mtimes) throws Exception {
    return TreeCompare.mounted(image, tmp.resolve("mnt"), mtimes);
  }

  private static void fsck(Path image) throws Exception {
    Tools.run("fsck.erofs", image.toString()).ok();
  }

  @Test
  void testMkfs_directoryTreeMountsIdentically() throws Exception {
    Path tree = makeTree();
    Path image = tmp.resolve("dir.img");
    Tools.mkddi("mkfs", "erofs", tree.toString(), image.toString()).ok();
    fsck(image);
    TreeCompare.assertSame(TreeCompare.describe(tree, true), mountAndDescribe(image, true));
  }

  @Test
  void testMkfs_tarAndTarGzGiveTheSameImage() throws Exception {
    Path tree = makeTree();
    Path tar = tmp.resolve("tree.tar");
    Tools.run(
            "tar",
            "--xattrs",
            "--xattrs-include=user.*",
            "--numeric-owner",
            "-cpf",
            tar.toString(),
            "-C",
            tree.toString(),
            ".")
        .ok();
    sh("gzip -k " + tar);
    Path a = tmp.resolve("tar.img");
    Path b = tmp.resolve("tgz.img");
    Tools.mkddi("mkfs", "erofs", tar.toString(), a.toString()).ok();
    Tools.mkddi("mkfs", "erofs", tar + ".gz", b.toString()).ok();
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    fsck(a);
    // tar keeps mtimes to the nanosecond in pax headers; compare everything but the socket,
    // which tar does not archive
    List<String> expected = new ArrayList<>(TreeCompare.describe(tree, true));
    expected.removeIf(line -> line.startsWith("run/sock "));
    TreeCompare.assertSame(expected, mountAndDescribe(a, true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--format=posix --sparse",
        "--format=posix --sparse --sparse-version=0.1",
        "--format=posix --sparse --sparse-version=0.0",
        "--format=gnu --sparse",
        "--format=gnu --sparse --xattrs"
      })
  void testMkfs_sparseTarMountsIdentically(String options) throws Exception {
    Path tree = Files.createDirectory(tmp.resolve("sparse"));
    sh(
        "cd "
            + tree
            + " && truncate -s 10M a_s && printf mid | dd of=a_s bs=1 seek=5000000 conv=notrunc"
            + " && truncate -s 3M z_s && echo hello > b_f");
    Path tar = tmp.resolve("sparse.tar");
    sh("tar " + options + " -C " + tree + " -cf " + tar + " a_s b_f z_s");
    Path image = tmp.resolve("sparse.img");
    Tools.mkddi("mkfs", "erofs", tar.toString(), image.toString()).ok();
    fsck(image);
    TreeCompare.assertSame(TreeCompare.describe(tree, false), mountAndDescribe(image, false));
  }

  @Test
  void testMkfs_sourceDateEpochClampsAndSetsBuildTime() throws Exception {
    Path tree = makeTree();
    Path image = tmp.resolve("sde.img");
    ProcessBuilder pb =
        new ProcessBuilder(
            Tools.mkddiCommand(
                "mkfs",
                "erofs",
                "--uuid",
                "11111111-2222-3333-4444-555555555555",
                tree.toString(),
                image.toString()));
    pb.environment().put("SOURCE_DATE_EPOCH", "1500000000");
    pb.inheritIO();
    assertEquals(0, pb.start().waitFor());
    fsck(image);
    String sb = Tools.run("dump.erofs", "-s", image.toString()).ok().stdout();
    assertTrue(sb.contains("11111111-2222-3333-4444-555555555555"), sb);
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run("mount", "-t", "erofs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
    try {
      assertEquals(
          FileTime.from(Instant.ofEpochSecond(1_500_000_000)),
          Files.getLastModifiedTime(mnt.resolve("usr/lib/f4096")));
      assertEquals(
          FileTime.from(Instant.ofEpochSecond(1_000_000_000, 123_456_789)),
          Files.getLastModifiedTime(mnt.resolve("usr/lib/f1")));
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }

  @Test
  void testMkfs_nonUtf8NamesFromTar() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("raw"));
    sh(
        "cd "
            + src
            + " && python3 -c \"import os; os.mkdir(b'dir\\xff');"
            + " open(b'dir\\xff/caf\\xe9', 'wb').write(b'latin-1 name')\"");
    Path tar = tmp.resolve("raw.tar");
    Tools.run("tar", "-cf", tar.toString(), "-C", src.toString(), ".").ok();
    Path image = tmp.resolve("raw.img");
    Tools.mkddi("mkfs", "erofs", tar.toString(), image.toString()).ok();
    fsck(image);
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    Tools.run("mount", "-t", "erofs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
    try {
      String listing =
          Tools.run(
                  "python3",
                  "-c",
                  "import os; d=b'"
                      + mnt
                      + "'; print([(r, f, open(os.path.join(r, f), 'rb').read()) for r, _, fs in"
                      + " os.walk(d) for f in fs])")
              .ok()
              .stdout();
      assertEquals("[(b'" + mnt + "/dir\\xff', b'caf\\xe9', b'latin-1 name')]", listing.trim());
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }

  @Test
  void testMkfs_symlinkLongerThanLinuxAllowsRefused() throws Exception {
    Path tar = tmp.resolve("long-symlink-fail.tar");
    try (InputStream in = getClass().getResourceAsStream("/dev/mkddi/tree/long-symlink-fail.tar")) {
      Files.copy(in, tar);
    }
    Path image = tmp.resolve("x.img");
    Tools.Result r = Tools.mkddi("mkfs", "erofs", tar.toString(), image.toString());
    assertEquals(2, r.exitCode(), r.stderr());
    assertEquals(
        "mkddi: "
            + tar
            + ": entry 'l': symlink target is 4096 bytes long, Linux allows"
            + " at most 4095",
        r.stderr().trim());
    assertFalse(Files.exists(image));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-zlz4"})
  void testMkfs_fileLargerThan4GiB(String compression) throws Exception {
    Path src = Files.createDirectory(tmp.resolve("big"));
    Path big = src.resolve("big.bin");
    BigSparseFile expected = BigSparseFile.write(big);
    Path image = tmp.resolve("big.img");
    try {
      List<String> args = new ArrayList<>(List.of("mkfs", "erofs"));
      if (!compression.isEmpty()) {
        args.add(compression); // the holes compress, the random regions do not
      }
      args.addAll(List.of(src.toString(), image.toString()));
      Tools.mkddi(args.toArray(String[]::new)).ok();
      Files.delete(big);
      if (!compression.isEmpty()) {
        assertTrue(Files.size(image) < 64L << 20, "compressed: " + Files.size(image));
      }
      fsck(image);
      Path mnt = Files.createDirectories(tmp.resolve("mnt"));
      Tools.run("mount", "-t", "erofs", "-o", "loop,ro", image.toString(), mnt.toString()).ok();
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
}
