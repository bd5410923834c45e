package dev.mkddi.ext4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ProgressListener;
import dev.mkddi.it.Tools;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mkddi mkfs ext4} against e2fsprogs and the kernel: {@code e2fsck -fn} finds nothing in any
 * image, {@code dumpe2fs} shows Debian's mkfs.ext4 features, the kernel mounts exactly the source
 * tree (read-only and read-write, and e2fsck is still satisfied after the kernel wrote to it),
 * large directories are htrees the kernel looks names up in, and hostile and fuzzed trees
 * round-trip.
 */
class Ext4IT {
  @TempDir Path tmp;

  @BeforeEach
  void requirements() {
    Tools.requireRoot();
    Tools.require(
        "e2fsck",
        "dumpe2fs",
        "debugfs",
        "mkfs.ext4",
        "mount",
        "umount",
        "mknod",
        "mkfifo",
        "tar",
        "setfattr",
        "getfattr",
        "python3",
        "truncate");
  }

  private static void sh(String script) throws Exception {
    Tools.run("bash", "-euc", script).ok();
  }

  /** e2fsck -fn must pass and say nothing beyond its five passes and the summary. */
  static void fsck(Path image) throws Exception {
    Tools.Result r = Tools.run("e2fsck", "-fn", image.toString());
    List<String> extra = new ArrayList<>();
    for (String line : r.stdout().lines().toList()) {
      if (!line.matches("Pass [1-5]: .*") && !line.startsWith(image + ": ")) {
        extra.add(line);
      }
    }
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    assertEquals(List.of(), extra, "e2fsck -fn said more than its passes:\n" + r.stdout());
  }

  static Map<String, String> dumpe2fs(Path image) throws Exception {
    Map<String, String> fields = new TreeMap<>();
    for (String line :
        Tools.run("dumpe2fs", "-h", image.toString()).ok().stdout().lines().toList()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  private Path mount(Path image, boolean readOnly) throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt-" + image.getFileName()));
    Tools.run(
            "mount",
            "-t",
            "ext4",
            "-o",
            readOnly ? "loop,ro" : "loop",
            image.toString(),
            mnt.toString())
        .ok();
    return mnt;
  }

  private static void umount(Path mnt) throws Exception {
    Tools.run("umount", mnt.toString()).ok();
  }

  /** What a test does with a mounted image. */
  @FunctionalInterface
  private interface MountedCheck {
    void check(Path mnt) throws Exception;
  }

  /** Mounts {@code image} (loop), runs {@code check} on it and unmounts it, also on failure. */
  private void mounted(Path image, boolean readOnly, MountedCheck check) throws Exception {
    Path mnt = mount(image, readOnly);
    try {
      check.check(mnt);
    } finally {
      umount(mnt);
    }
  }

  /** A directory with every kind of entry the issue lists. */
  private Path makeTree() throws Exception {
    Path t = Files.createDirectory(tmp.resolve("tree"));
    sh(
        "cd "
            + t
            + " && mkdir -p usr/lib dev run tmp many"
            + " && for s in 0 1 4095 4096 4097 65537; do head -c $s /dev/urandom > usr/lib/f$s; done"
            + " && for i in $(seq 1 5000); do echo $i > many/entry-with-a-longish-name-$i; done"
            + " && truncate -s 10M usr/lib/sparse && printf mid | dd of=usr/lib/sparse bs=1 seek=5000000 conv=notrunc status=none"
            + " && truncate -s 3M usr/lib/allhole"
            + " && ln usr/lib/f4097 usr/lib/hard-a && ln usr/lib/f4097 hard-b"
            + " && ln -s ../lib/f4096 usr/rel && ln -s $(printf 's%.0s' $(seq 1 4095)) usr/long"
            + " && touch $(printf 'n%.0s' $(seq 1 255))"
            + " && mknod dev/null c 1 3 && mknod dev/sda b 8 0 && mknod dev/big c 4095 1048575"
            + " && mkfifo run/fifo"
            + " && python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('run/sock')\""
            + " && chmod 1777 tmp && chmod 4755 usr/lib/f1 && chmod 2711 usr/lib/f0 && chmod 000 usr/lib/f4095"
            + " && chown 1000:100 usr/lib/f4096 && chown 4000000:4000001 usr/lib/f65537 && chown -h 7:8 usr/rel"
            + " && setfattr -n user.mkddi -v hello usr/lib/f1"
            + " && setfattr -n user.big -v 0x$(python3 -c 'import os; print(os.urandom(2000).hex())') usr/lib/f0"
            + " && touch -d '1960-01-01 00:00:00.5 UTC' usr/lib/f1 && touch -d '2100-01-01 UTC' usr/lib/f0");
    return t;
  }

  private FileTree load(Path dir) throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      return loader.load(List.of(dir), new TreeOptions(false, tmp), ProgressListener.NONE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--read-only", "", "--size=64M"})
  void testMkfs_directoryTreeMountsIdentically(String option) throws Exception {
    Path tree = makeTree();
    Path image = tmp.resolve("dir.img");
    List<String> args = new ArrayList<>(List.of("mkfs", "ext4"));
    if (!option.isEmpty()) {
      args.add(option);
    }
    args.addAll(List.of(tree.toString(), image.toString()));
    Tools.mkddi(args.toArray(new String[0])).ok();
    fsck(image);
    FileTree expected = load(tree);
    boolean readOnly = option.equals("--read-only");
    mounted(
        image,
        readOnly,
        mnt -> {
          MountedTree.assertSame(expected, mnt, tmp);
          if (!readOnly && option.startsWith("--size")) {
            sh(
                "cd "
                    + mnt
                    + " && echo new > new-file && mkdir new-dir && rm -r many/entry-with-a-longish-name-1* && for i in $(seq 1 300); do echo $i > many/added-$i; done");
          }
        });
    fsck(image); // after the kernel wrote to it
  }

  @Test
  void testMkfs_featuresAsDebianMkfsExt4() throws Exception {
    Path tree = makeTree();
    Path ours = tmp.resolve("ours.img");
    Tools.mkddi("mkfs", "ext4", "--size", "1G", tree.toString(), ours.toString()).ok();
    Path theirs = tmp.resolve("theirs.img");
    sh("truncate -s 1G " + theirs + " && mkfs.ext4 -q -F " + theirs);
    Map<String, String> a = dumpe2fs(ours);
    Map<String, String> b = dumpe2fs(theirs);
    for (String field :
        List.of(
            "Filesystem features",
            "Filesystem flags",
            "Default mount options",
            "Inode count",
            "Block count",
            "Reserved block count",
            "Reserved GDT blocks",
            "Blocks per group",
            "Inodes per group",
            "Inode size",
            "Required extra isize",
            "Flex block group size",
            "Journal backup",
            "Checksum type",
            "Total journal size",
            "Journal features",
            "Default directory hash",
            "Errors behavior",
            "Maximum mount count")) {
      assertEquals(b.get(field), a.get(field), field);
    }
    Path ro = tmp.resolve("ro.img");
    Tools.mkddi("mkfs", "ext4", "--read-only", tree.toString(), ro.toString()).ok();
    String features = dumpe2fs(ro).get("Filesystem features");
    assertEquals(
        b.get("Filesystem features").replace("has_journal ", "").replace("resize_inode ", "")
            + " read-only",
        features);
    assertEquals("0", dumpe2fs(ro).get("Reserved block count"));
    assertEquals("0", dumpe2fs(ro).get("Free blocks"));
  }

  @Test
  void testMkfs_tenThousandEntriesAreAnHtreeTheKernelLooksUp() throws Exception {
    Ext4Trees t = new Ext4Trees(Files.createDirectory(tmp.resolve("content")));
    RegularFile f = t.file(new byte[] {1});
    for (int i = 0; i < 10_000; i++) {
      t.add("big/name-" + i, t.file(new byte[0]));
    }
    t.add("big/some-file", f);
    FileTree tree = t.build();
    Path image = write(tree, Ext4Options.defaults().withSize(256 << 20));
    fsck(image);
    String dump = Tools.run("debugfs", "-R", "htree_dump /big", image.toString()).ok().stdout();
    assertTrue(dump.contains("Indirect levels: 0"), dump);
    mounted(
        image,
        false,
        mnt -> {
          for (int i = 0; i < 10_000; i++) {
            assertTrue(Files.exists(mnt.resolve("big/name-" + i)), "name-" + i);
          }
          assertFalse(Files.exists(mnt.resolve("big/name-10000")));
          for (int i = 0; i < 2000; i++) {
            Files.writeString(mnt.resolve("big/added-by-the-kernel-" + i), "x");
          }
        });
    fsck(image);
  }

  private Path write(FileTree tree, Ext4Options options) throws IOException {
    Path image = Files.createTempFile(tmp, "image", ".ext4");
    Ext4Image planned = Ext4Writer.plan(tree, options, ProgressListener.NONE);
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
      planned.write(ch, 0, ProgressListener.NONE);
    }
    return image;
  }

  @Test
  void testMkfs_fuzzedTreesRoundTrip() throws Exception {
    for (long seed = 100; seed < 106; seed++) {
      Path content = Files.createDirectories(tmp.resolve("fuzz-" + seed));
      FileTree tree = FuzzTrees.random(new Ext4Trees(content), seed);
      boolean ro = seed % 2 == 0;
      Path image = write(tree, Ext4Options.defaults().withReadOnly(ro));
      try {
        fsckAndCompare(image, tree);
      } catch (AssertionError e) {
        throw new AssertionError(
            "seed " + seed + (ro ? " read-only" : " writable") + ": " + e.getMessage(), e);
      }
      Files.delete(image);
    }
  }

  @Test
  void testMkfs_hostileTreesRoundTrip() throws Exception {
    Ext4Trees t = new Ext4Trees(Files.createDirectory(tmp.resolve("content")));
    for (int i = 0; i < 100_000; i++) {
      t.add("crowd/" + "f".repeat(i % 200 + 1) + "-" + i, t.file(new byte[0]));
    }
    for (int size : new int[] {0, 1, 4095, 4096, 4097}) {
      t.add("sizes/" + size, t.file(Ext4Trees.bytes(size, size)));
    }
    t.add("n".repeat(255), t.file(new byte[] {1}));
    t.add("d".repeat(255) + "/" + "e".repeat(255), t.symlink("l".repeat(4095)));
    t.add("sparse/both-ends", t.sparse(100L << 20, new byte[] {5}, 50L << 20));
    t.add("sparse/four-gib-plus", t.sparse((4L << 30) + 12345, new byte[] {6, 7}, 0, 4L << 30));
    FileTree tree = t.build();
    Path image = write(tree, Ext4Options.defaults().withReadOnly(true));
    assertTrue(Files.size(image) < 64L << 20, "holes take no space: " + Files.size(image));
    fsckAndCompare(image, tree);
  }

  private static String sha256(String s) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes());
    return java.util.HexFormat.of().formatHex(d, 0, 8); // short: values can be kilobytes
  }

  /** e2fsck finds nothing and the kernel mounts {@code tree} (read-only). */
  private void fsckAndCompare(Path image, FileTree tree) throws Exception {
    fsck(image);
    mounted(image, true, mnt -> MountedTree.assertSame(tree, mnt, tmp));
  }

  @Test
  void testMkfs_securityXattrsFromTarInInodeAndBlock() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("x"));
    sh(
        "cd "
            + src
            + " && echo ok > ping && echo ok > big"
            + " && setfattr -n security.capability -v 0x0100000200200000000000000000000000000000 ping"
            + " && setfattr -n security.selinux -v system_u:object_r:ping_exec_t:s0 ping"
            + " && setfattr -n security.selinux -v system_u:object_r:bin_t:s0 big"
            + " && setfattr -n user.pad -v 0x$(python3 -c 'import os; print(os.urandom(3000).hex())') big");
    Path tar = tmp.resolve("x.tar");
    Tools.run(
            "tar",
            "--xattrs",
            "--xattrs-include=*",
            "-cf",
            tar.toString(),
            "-C",
            src.toString(),
            ".")
        .ok();
    Path image = tmp.resolve("x.img");
    Tools.mkddi("mkfs", "ext4", "--read-only", tar.toString(), image.toString()).ok();
    fsck(image);
    mounted(
        image,
        true,
        mnt -> {
          for (String f : List.of("ping", "big")) {
            String want =
                Tools.run("getfattr", "-d", "-m", "-", "-e", "hex", src.resolve(f).toString())
                    .ok()
                    .stdout();
            String got =
                Tools.run("getfattr", "-d", "-m", "-", "-e", "hex", mnt.resolve(f).toString())
                    .ok()
                    .stdout();
            // the first line names the file
            assertEquals(want.substring(want.indexOf('\n')), got.substring(got.indexOf('\n')), f);
          }
        });
    String stat = Tools.run("debugfs", "-R", "stat /big", image.toString()).ok().stdout();
    assertTrue(
        stat.matches("(?s).*File ACL: [1-9].*"), "the 3000-byte value lives in a block: " + stat);
  }

  @Test
  void testMkfs_sparseTarEntriesBecomeHolesAgain() throws Exception {
    Path src = Files.createDirectory(tmp.resolve("sparse"));
    sh(
        "cd "
            + src
            + " && truncate -s 300M big && printf head | dd of=big conv=notrunc status=none"
            + " && printf tail | dd of=big bs=1 seek=$((300*1024*1024-4)) conv=notrunc status=none");
    Path tar = tmp.resolve("sparse.tar.gz");
    Tools.run("tar", "--sparse", "-czf", tar.toString(), "-C", src.toString(), ".").ok();
    Path image = tmp.resolve("sparse.img");
    Tools.mkddi("mkfs", "ext4", "--read-only", tar.toString(), image.toString()).ok();
    assertTrue(Files.size(image) < 1 << 20, "size " + Files.size(image));
    fsck(image);
    mounted(
        image,
        true,
        mnt -> {
          String blocks =
              Tools.run("stat", "-c", "%s %b", mnt.resolve("big").toString()).ok().stdout().trim();
          assertEquals((300L << 20) + " 16", blocks, "two 4 KiB blocks of data, the rest holes");
          Tools.run("cmp", src.resolve("big").toString(), mnt.resolve("big").toString()).ok();
        });
  }

  @Test
  void testWrite_posixAclAndCapabilitiesReadBackThroughTheKernel() throws Exception {
    FileTree tree =
        Ext4WriterTest.everyType(new Ext4Trees(Files.createDirectory(tmp.resolve("c"))));
    Path image = write(tree, Ext4Options.defaults().withReadOnly(true));
    fsckAndCompare(image, tree);
    mounted(
        image,
        true,
        mnt -> {
          Map<String, String> got = new TreeMap<>();
          String dump =
              Tools.run("getfattr", "-d", "-m", "-", "-e", "hex", mnt.resolve("bin/sh").toString())
                  .ok()
                  .stdout();
          for (String line : dump.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
              got.put(line.substring(0, eq), sha256(line.substring(eq + 3)));
            }
          }
          Map<String, String> want = new TreeMap<>();
          for (Xattr x : ((RegularFile) Ext4Check.find(tree, "bin/sh")).metadata().xattrs()) {
            want.put(x.name(), sha256(java.util.HexFormat.of().formatHex(x.value())));
          }
          assertEquals(want, got);
        });
  }

  @Test
  void testMkfs_sourceDateEpochAndSeedMakeIdenticalImages() throws Exception {
    Path tree = makeTree();
    byte[] first = null;
    for (int run = 0; run < 2; run++) {
      Path image = tmp.resolve("repro-" + run + ".img");
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              System.getProperty("mkddi.jar", "target/mkddi.jar"),
              "mkfs",
              "ext4",
              "--size",
              "32M",
              "--seed",
              "11111111-2222-3333-4444-555555555555",
              tree.toString(),
              image.toString());
      pb.environment().put("SOURCE_DATE_EPOCH", "1600000000");
      pb.environment().put("TZ", run == 0 ? "UTC" : "Asia/Tokyo");
      pb.inheritIO();
      assertEquals(0, pb.start().waitFor());
      byte[] bytes = Files.readAllBytes(image);
      if (first == null) {
        first = bytes;
      } else {
        assertArrayEquals(first, bytes);
      }
    }
    assertEquals(
        "Sun Sep 13 12:26:40 2020", dumpe2fs(tmp.resolve("repro-0.img")).get("Filesystem created"));
  }
}
