package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.builder.TestImages.Kind;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.KiwiMetadataConstants;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kiwi's metadata block as verify must read it: a damaged header, a changed root hash and a salt
 * that is not the superblock's fail, naming the block's offset.
 */
class KiwiMetadataVerifyTest {
  @TempDir static Path shared;
  private static Path built;

  @TempDir Path dir;

  @BeforeAll
  static void build() throws Exception {
    built = TestImages.build(shared.resolve("kiwi"), Kind.KIWI_EMBEDDED);
  }

  /** A copy of the image; without its side files when {@code alone}. */
  private Path image(boolean alone) throws Exception {
    Path img = TestImages.copy(built, dir);
    if (alone) {
      for (String ext : new String[] {"json", "roothash", "roothash.p7s"}) {
        Files.deleteIfExists(img.resolveSibling("t.x86_64-1.0." + ext));
      }
    }
    return img;
  }

  private static long block(Path img) throws Exception {
    InspectedPartition root = TestImages.partitions(img).get(0);
    return root.offset() + root.size() - KiwiMetadataConstants.BLOCK_SIZE;
  }

  private static String text(Path img) throws Exception {
    byte[] b = new byte[512];
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      ch.read(ByteBuffer.wrap(b), block(img));
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Replaces the first {@code from} in the block's text by {@code to}, same length. */
  private static void edit(Path img, String from, String to) throws Exception {
    String t = text(img);
    int at = t.indexOf(from);
    assertTrue(at >= 0, from + " in " + t);
    assertEquals(from.length(), to.length());
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(to.getBytes(StandardCharsets.ISO_8859_1)), block(img) + at);
    }
  }

  private static VerifyReport verify(Path img) throws Exception {
    return new ImageVerifier(ProgressListener.NONE).verify(VerifyRequest.of(img));
  }

  private static String problem(VerifyReport r) {
    assertFalse(r.ok(), r.toString());
    return r.firstProblem().orElseThrow().message();
  }

  @Test
  void testVerify_damagedHeader_failsNamingOffsetAndExpectation() throws Exception {
    for (boolean alone : new boolean[] {true, false}) {
      Path img = image(alone);
      edit(img, " ro verity", " ro verjty");
      String expected =
          img
              + ": offset "
              + block(img)
              + ": kiwi verity metadata: expected the header '<version> <file system> ro verity'"
              + " and 0xFF at the start of the last 4096 bytes of partition 1 (root-x86-64), got"
              + " '1 erofs ro verjty'";
      assertEquals(
          alone ? expected + "; nothing else says where the hash tree inside it starts" : expected,
          problem(verify(img)),
          "alone " + alone);
    }
  }

  @Test
  void testVerify_changedRootHashDigit_fails() throws Exception {
    for (boolean alone : new boolean[] {true, false}) {
      Path img = image(alone);
      String t = text(img);
      String[] fields = t.substring(t.indexOf('\u00ff') + 1).split(" ");
      String hash = fields[6];
      String changed = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
      edit(img, hash, changed);
      String p = problem(verify(img));
      assertTrue(
          alone
              ? p.contains("does not match") || p.contains("root hash")
              : p.startsWith("root hash mismatch: kiwi's metadata in partition 1"),
          "alone " + alone + ": " + p);
    }
  }

  @Test
  void testVerify_saltNotTheSuperblocks_fails() throws Exception {
    for (boolean alone : new boolean[] {true, false}) {
      Path img = image(alone);
      String t = text(img);
      String fields =
          t.substring(t.indexOf('\u00ff') + 1, t.indexOf('\u00ff', t.indexOf('\u00ff') + 1));
      String salt = fields.substring(fields.lastIndexOf(' ') + 1);
      String changed = (salt.charAt(0) == '0' ? "1" : "0") + salt.substring(1);
      edit(img, " " + salt, " " + changed);
      assertTrue(
          problem(verify(img))
              .startsWith(
                  img
                      + ": offset "
                      + block(img)
                      + ": kiwi verity metadata: salt "
                      + changed
                      + " differs from the verity superblock's "
                      + salt),
          "alone " + alone + ": " + problem(verify(img)));
    }
  }
}
