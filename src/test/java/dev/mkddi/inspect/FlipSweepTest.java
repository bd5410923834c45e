package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.builder.TestImages;
import dev.mkddi.builder.TestImages.Kind;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityGeometry;
import dev.mkddi.verity.VeritySuperblock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flip sweep of issue 12: single-bit flips at seeded random offsets of a signed image,
 * stratified over every structure (protective MBR, both GPT headers and entry arrays, the root file
 * system's data blocks, the verity superblock and hash tree, the signature partition). The image is
 * cut into ranges, each either meaningful (with the checks allowed to report a flip in it) or
 * explicitly unused (with the reason no consumer reads it); the ranges cover every byte. Every flip
 * in a meaningful byte must make {@code verify} fail (exit code 1) with one of the allowed checks
 * as its first problem; a flip in an unused byte must leave the image verified. The key name {@code
 * certificateFingerprint} is meaningful only to {@code verify --strict} (systemd-dissect ignores
 * unknown keys): a flip there must fail the strict check, and a lenient one that passes must warn
 * about the key. {@code -Dmkddi.flips=N} sets the number of flips (default 300), {@code
 * -Dmkddi.flips.seed=S} the seed: by default a fixed one, so the suite is deterministic; sweeps
 * with other seeds (and more flips) are for hunting, and each finding becomes a test of its own.
 */
class FlipSweepTest {
  /** The seed of the suite's sweep. */
  private static final long DEFAULT_SEED = 20261206L;

  private static final int SECTOR = 512;
  private static final int HEADER_BYTES = 92;
  private static final int ENTRY_ARRAY = 128 * 128;
  private static final Set<String> GPT = Set.of(ImageVerifier.GPT);
  private static final Set<String> VERITY = Set.of(SlotVerifier.VERITY);
  private static final Set<String> SIGNATURE =
      Set.of(SignatureChecks.SIGNATURE, ImageVerifier.ROOT_HASH);

  /** The structure a range belongs to: the strata of the sweep. */
  enum Stratum {
    MBR,
    PRIMARY_GPT,
    BACKUP_GPT,
    ROOT_DATA,
    VERITY_SUPERBLOCK,
    HASH_TREE,
    SIGNATURE,
    UNUSED
  }

  /**
   * Bytes {@code [from, to)} of the image.
   *
   * @param checks the checks that may report a flip here; empty: unused, {@code why} says why
   */
  record Range(
      long from,
      long to,
      Stratum stratum,
      Set<String> checks,
      String why,
      boolean hexValue,
      boolean strictOnly) {
    boolean meaningful() {
      return !checks.isEmpty();
    }
  }

  @TempDir Path dir;

  private final List<Range> ranges = new ArrayList<>();

  private void add(long from, long to, Stratum s, Set<String> checks, String why) {
    if (to > from) {
      ranges.add(new Range(from, to, s, checks, why, false, false));
    }
  }

  /**
   * A hex value of the signature JSON: systemd-dissect reads it case-insensitively (the same
   * digest), so a flip of bit 5 of a letter a-f is no change; every other flip is.
   */
  private void hexValue(long from, long to, String why) {
    ranges.add(new Range(from, to, Stratum.SIGNATURE, SIGNATURE, why, true, false));
  }

  private void unused(long from, long to, String why) {
    add(from, to, Stratum.UNUSED, Set.of(), why);
  }

  /** Cuts the image into ranges, from its GPT and verity superblock (nothing hard-coded). */
  private void classify(Path img) throws IOException {
    long size = Files.size(img);
    // protective MBR: blkid needs the 0xEE type and 55 AA, the kernel the 0xEE record at LBA 1
    unused(0, 446, "MBR boot code and disk signature");
    unused(446, 450, "MBR record 1 status and start CHS");
    add(450, 451, Stratum.MBR, GPT, "0xEE type");
    unused(451, 454, "MBR record 1 end CHS");
    add(454, 458, Stratum.MBR, GPT, "0xEE starting LBA");
    unused(458, 462, "MBR record 1 size: a warning only, the kernel, blkid and sgdisk accept it");
    unused(462, 510, "MBR records 2-4: other records are allowed (hybrid MBR)");
    add(510, 512, Stratum.MBR, GPT, "boot signature");
    add(SECTOR, SECTOR + HEADER_BYTES, Stratum.PRIMARY_GPT, GPT, "primary header (CRC)");
    unused(SECTOR + HEADER_BYTES, 2 * SECTOR, "rest of the primary header sector");
    add(2 * SECTOR, 2 * SECTOR + ENTRY_ARRAY, Stratum.PRIMARY_GPT, GPT, "primary entries (CRC)");
    long at = 2 * SECTOR + ENTRY_ARRAY;
    List<InspectedPartition> parts = TestImages.partitions(img);
    assertEquals(3, parts.size(), "root, root-verity, root-verity-sig");
    InspectedPartition root = parts.get(0);
    InspectedPartition hash = parts.get(1);
    InspectedPartition sig = parts.get(2);
    VeritySuperblock sb;
    byte[] algorithm = new byte[32];
    byte[] signature = new byte[Math.toIntExact(sig.size())];
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      sb = VeritySuperblock.read(ch, hash.offset(), img.toString());
      ch.read(ByteBuffer.wrap(algorithm), hash.offset() + 32);
      ch.read(ByteBuffer.wrap(signature), sig.offset());
    }
    unused(at, root.offset(), "gap before the first partition");
    long data = Math.multiplyExact(sb.dataBlocks(), (long) sb.dataBlockSize());
    add(root.offset(), root.offset() + data, Stratum.ROOT_DATA, VERITY, "verity data blocks");
    unused(root.offset() + data, root.offset() + root.size(), "root partition after the data");
    unused(root.offset() + root.size(), hash.offset(), "gap before the hash partition");
    long h = hash.offset();
    add(h, h + 16, Stratum.VERITY_SUPERBLOCK, VERITY, "signature, version, hash type");
    unused(h + 16, h + 32, "superblock UUID: veritysetup and the kernel do not check it");
    int nul = 0;
    while (algorithm[nul] != 0) {
      nul++;
    }
    add(h + 32, h + 32 + nul + 1, Stratum.VERITY_SUPERBLOCK, VERITY, "algorithm and its NUL");
    unused(h + 32 + nul + 1, h + 64, "algorithm field after the NUL");
    add(h + 64, h + 82, Stratum.VERITY_SUPERBLOCK, VERITY, "block sizes, data blocks, salt size");
    unused(h + 82, h + 88, "superblock pad1");
    add(h + 88, h + 88 + sb.salt().length, Stratum.VERITY_SUPERBLOCK, VERITY, "salt");
    unused(h + 88 + sb.salt().length, h + 512, "salt field after the salt, pad2");
    VerityGeometry g = VerityGeometry.of(sb.toParams(0));
    unused(h + 512, h + g.treeOffset(), "rest of the superblock's hash block");
    add(h + g.treeOffset(), h + g.hashDeviceSize(), Stratum.HASH_TREE, VERITY, "hash tree");
    unused(h + g.hashDeviceSize(), h + hash.size(), "hash partition after the tree");
    unused(h + hash.size(), sig.offset(), "gap before the signature partition");
    String json = new String(signature, StandardCharsets.ISO_8859_1);
    String rootHashKey = "\"rootHash\":\"";
    String fingerprintKey = "\"certificateFingerprint\":\"";
    int hashValue = json.indexOf(rootHashKey) + rootHashKey.length();
    int key = json.indexOf(fingerprintKey);
    int fingerprintValue = key + fingerprintKey.length();
    assertTrue(hashValue < key, "rootHash, then certificateFingerprint: " + json);
    long s = sig.offset();
    add(s, s + hashValue, Stratum.SIGNATURE, SIGNATURE, "signature JSON");
    hexValue(s + hashValue, s + hashValue + 64, "rootHash value");
    add(s + hashValue + 64, s + key + 1, Stratum.SIGNATURE, SIGNATURE, "signature JSON");
    // systemd-dissect ignores unknown keys: verify warns, verify --strict fails
    ranges.add(
        new Range(
            s + key + 1,
            s + key + 23,
            Stratum.SIGNATURE,
            SIGNATURE,
            "the key name certificateFingerprint: an unknown key to --strict",
            false,
            true));
    add(s + key + 23, s + fingerprintValue, Stratum.SIGNATURE, SIGNATURE, "signature JSON");
    hexValue(s + fingerprintValue, s + fingerprintValue + 64, "certificateFingerprint value");
    add(
        s + fingerprintValue + 64,
        s + sig.size(),
        Stratum.SIGNATURE,
        SIGNATURE,
        "JSON and its NUL padding");
    long backupHeader = size - SECTOR;
    long backupArray = backupHeader - ENTRY_ARRAY;
    unused(s + sig.size(), backupArray, "gap after the last partition");
    add(backupArray, backupHeader, Stratum.BACKUP_GPT, GPT, "backup entries (CRC)");
    add(backupHeader, backupHeader + HEADER_BYTES, Stratum.BACKUP_GPT, GPT, "backup header (CRC)");
    unused(backupHeader + HEADER_BYTES, size, "rest of the backup header sector");
    long next = 0;
    for (Range r : ranges) {
      assertEquals(next, r.from(), "the ranges cover the image without overlap: " + r);
      next = r.to();
    }
    assertEquals(size, next, "the ranges cover the image");
  }

  @Test
  void testVerify_everyFlipInAMeaningfulByteFails() throws Exception {
    Path img = TestImages.build(dir.resolve("signed"), Kind.SIGNED);
    classify(img);
    long seed = Long.getLong("mkddi.flips.seed", DEFAULT_SEED);
    int flips = Integer.getInteger("mkddi.flips", 300);
    Random random = new Random(seed);
    Map<Stratum, List<Range>> strata = new EnumMap<>(Stratum.class);
    for (Range r : ranges) {
      strata.computeIfAbsent(r.stratum(), k -> new ArrayList<>()).add(r);
    }
    List<Stratum> kinds = List.copyOf(strata.keySet());
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < flips; i++) {
      Stratum kind = kinds.get(i % kinds.size());
      Range r = pick(strata.get(kind), random);
      long offset = r.from() + (long) (random.nextDouble() * (r.to() - r.from()));
      int bit = random.nextInt(8);
      String where =
          "flip "
              + i
              + ": bit "
              + bit
              + " of byte "
              + offset
              + " ("
              + kind
              + ", "
              + r.why()
              + ") (seed "
              + seed
              + ")";
      boolean sameDigest = r.hexValue() && bit == 5 && isHexLetter(readByte(img, offset));
      flipBit(img, offset, bit);
      VerifyReport report;
      VerifyReport lenient = null;
      try {
        report = verify(img, r.strictOnly());
        if (r.strictOnly()) {
          lenient = verify(img, false);
        }
      } catch (IOException | RuntimeException e) {
        throw new AssertionError(where + ": verify threw instead of exit code 1: " + e, e);
      } finally {
        flipBit(img, offset, bit);
      }
      if (lenient != null && lenient.ok()) {
        VerifyReport passed = lenient;
        assertFalse(
            lenient.warnings().isEmpty(),
            () -> where + ": verify without --strict passed without a warning: " + passed);
      }
      if (sameDigest) {
        assertTrue(report.ok(), () -> where + ": the same digest in upper case failed: " + report);
        counts.merge(kind + " case of a hex digit", 1, Integer::sum);
      } else if (r.meaningful()) {
        Optional<VerifyCheck> first = report.firstProblem();
        if (report.ok() || first.isEmpty()) {
          fail(where + ": verify passed: " + report.checks());
        }
        assertTrue(
            r.checks().contains(first.get().name()),
            where + ": expected a failure of " + r.checks() + ", got " + first.get());
        counts.merge(
            kind + (r.strictOnly() ? " detected by --strict" : " detected"), 1, Integer::sum);
      } else {
        assertTrue(report.ok(), () -> where + ": an unused byte failed verify: " + report);
        counts.merge(kind + " tolerated", 1, Integer::sum);
      }
    }
    assertTrue(verify(img).ok(), "the image is restored");
    System.out.printf("flip sweep (seed %d, %d flips): %s%n", seed, flips, counts);
  }

  /** A range of the stratum, weighted by length. */
  private static Range pick(List<Range> rs, Random random) {
    long total = rs.stream().mapToLong(r -> r.to() - r.from()).sum();
    long n = (long) (random.nextDouble() * total);
    for (Range r : rs) {
      n -= r.to() - r.from();
      if (n < 0) {
        return r;
      }
    }
    return rs.get(rs.size() - 1);
  }

  private static VerifyReport verify(Path img) throws IOException {
    return verify(img, false);
  }

  private static VerifyReport verify(Path img, boolean strict) throws IOException {
    return new ImageVerifier(ProgressListener.NONE)
        .verify(VerifyRequest.of(img).withStrict(strict));
  }

  private static boolean isHexLetter(int c) {
    return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static int readByte(Path img, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      return b.get(0) & 0xff;
    }
  }

  private static void flipBit(Path img, long offset, int bit) throws IOException {
    try (FileChannel ch =
        FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ (1 << bit))).rewind();
      ch.write(b, offset);
    }
  }
}
