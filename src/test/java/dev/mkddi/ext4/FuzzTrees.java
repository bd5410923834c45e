package dev.mkddi.ext4;

import static dev.mkddi.ext4.Ext4Constants.BLOCK_SIZE;

import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.Xattr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random trees: names, depths, sizes, holes, links, owners, modes, times and xattrs. */
final class FuzzTrees {
  private FuzzTrees() {}

  static FileTree random(Ext4Trees t, long seed) {
    Random rnd = new Random(seed);
    List<String> dirs = new ArrayList<>(List.of("a", "b/c", "b/d/e"));
    List<RegularFile> files = new ArrayList<>();
    int entries = 50 + rnd.nextInt(400);
    for (int i = 0; i < entries; i++) {
      String dir = dirs.get(rnd.nextInt(dirs.size()));
      String name = name(rnd, i);
      String path = dir + "/" + name;
      int kind = rnd.nextInt(12);
      Metadata m = metadata(rnd);
      switch (kind) {
        case 0 -> dirs.add(path);
        case 1 ->
            t.add(path, t.symlink("t".repeat(1 + rnd.nextInt(rnd.nextBoolean() ? 59 : 4095))));
        case 2 -> t.add(path, t.special(SpecialType.values()[rnd.nextInt(4)], 0, 0));
        case 3 -> {
          if (!files.isEmpty()) {
            t.add(path, files.get(rnd.nextInt(files.size())));
          }
        }
        case 4 -> {
          long size = (1 + rnd.nextInt(300)) * (long) BLOCK_SIZE + rnd.nextInt(3) - 1;
          RegularFile f =
              t.sparse(
                  size,
                  Ext4Trees.bytes(1 + rnd.nextInt(9000), rnd.nextLong()),
                  rnd.nextInt((int) size));
          files.add(f);
          t.add(path, f);
        }
        default -> {
          int size = rnd.nextInt(4) == 0 ? rnd.nextInt(100_000) : rnd.nextInt(5000);
          RegularFile f = t.file(Ext4Trees.bytes(size, rnd.nextLong()), m);
          files.add(f);
          t.add(path, f);
        }
      }
      if (rnd.nextInt(10) == 0) {
        t.dir(dir, metadata(rnd));
      }
    }
    for (String d : dirs) {
      t.dir(d, Metadata.of(0755, 0, 0, Ext4Trees.T));
    }
    return t.build();
  }

  private static String name(Random rnd, int i) {
    int len = rnd.nextInt(8) == 0 ? 200 + rnd.nextInt(56) : 1 + rnd.nextInt(20);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < len) {
      sb.append((char) ('a' + rnd.nextInt(26)));
    }
    if (rnd.nextInt(5) == 0) {
      sb.setCharAt(0, 'é'); // two bytes of UTF-8: the signed hash differs from the unsigned one
    }
    String s = sb.toString() + i;
    while (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
      s = s.substring(1);
    }
    return s;
  }

  private static Metadata metadata(Random rnd) {
    int perm = rnd.nextInt(07777 + 1);
    long uid = rnd.nextBoolean() ? rnd.nextInt(2000) : Integer.toUnsignedLong(rnd.nextInt());
    long gid = rnd.nextInt(70000);
    Instant t =
        Instant.ofEpochSecond(
            rnd.nextInt(2) == 0 ? rnd.nextInt() : rnd.nextLong() % (1L << 34),
            rnd.nextInt(1_000_000_000));
    List<Xattr> x = new ArrayList<>();
    int n = rnd.nextInt(4) == 0 ? rnd.nextInt(6) : 0;
    for (int i = 0; i < n; i++) {
      String ns = new String[] {"user.", "trusted.", "security."}[rnd.nextInt(3)];
      x.add(new Xattr(ns + "k" + i, Ext4Trees.bytes(rnd.nextInt(600), rnd.nextLong())));
    }
    return new Metadata(perm, uid, gid, t, x);
  }
}
