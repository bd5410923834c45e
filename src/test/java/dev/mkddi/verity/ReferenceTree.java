package dev.mkddi.verity;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately naive, in-memory dm-verity tree written straight from the spec page (verity.md
 * §2), to check {@link VerityHashTree} on random parameters. Tests only.
 */
final class ReferenceTree {
  final byte[] root;

  /** Hash device bytes from offset 0 to the end of the tree (superblock included). */
  final byte[] device;

  ReferenceTree(byte[] data, VerityParams p) throws Exception {
    int ds = p.hash().digestSize();
    int hbs = p.hashBlockSize();
    int hpb = 1;
    while (hpb * 2 <= hbs / ds) {
      hpb *= 2;
    }
    int entry = p.hashType() == VerityHashType.NORMAL ? nextPow2(ds) : ds;
    // bottom-up: list of levels, each a list of hash blocks
    List<byte[]> children = new ArrayList<>();
    for (long j = 0; j < p.dataBlocks(); j++) {
      int off = (int) (j * p.dataBlockSize());
      children.add(Arrays.copyOfRange(data, off, off + p.dataBlockSize()));
    }
    List<List<byte[]>> levels = new ArrayList<>();
    while (children.size() > 1) {
      List<byte[]> level = new ArrayList<>();
      for (int i = 0; i < children.size(); i += hpb) {
        byte[] block = new byte[hbs];
        for (int k = 0; k < hpb && i + k < children.size(); k++) {
          byte[] d = digest(p, children.get(i + k));
          System.arraycopy(d, 0, block, k * entry, ds);
        }
        level.add(block);
      }
      levels.add(level);
      children = level;
    }
    root = digest(p, children.get(0));
    long start = p.superblock() ? (p.hashOffset() + 512 + hbs - 1) / hbs : p.hashOffset() / hbs;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[(int) (start * hbs)]);
    for (int i = levels.size() - 1; i >= 0; i--) {
      for (byte[] b : levels.get(i)) {
        out.write(b);
      }
    }
    device = out.toByteArray();
    if (p.superblock()) {
      VeritySuperblock.of(p).encode().get(device, (int) p.hashOffset(), 512);
    }
  }

  private static byte[] digest(VerityParams p, byte[] block) throws Exception {
    MessageDigest md = p.hash().newDigest();
    if (p.hashType() == VerityHashType.NORMAL) {
      md.update(p.salt());
      md.update(block);
    } else {
      md.update(block);
      md.update(p.salt());
    }
    return md.digest();
  }

  private static int nextPow2(int n) {
    int p = 1;
    while (p < n) {
      p *= 2;
    }
    return p;
  }
}
