package dev.mkddi.verity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.io.Hex;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reproduces every vector of {@code src/test/resources/dev/mkddi/verity} (see its README). */
class VerityVectorsTest {
  private static final String BASE = "/dev/mkddi/verity/";

  @TempDir Path dir;

  static List<Arguments> vectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = VerityVectorsTest.class.getResourceAsStream(BASE + "index.json")) {
      for (JsonNode v : new ObjectMapper().readTree(in)) {
        for (int threads : new int[] {1, 3}) {
          out.add(Arguments.of(v.get("name").asText(), threads));
        }
      }
    }
    return out;
  }

  static JsonNode vector(String name) throws IOException {
    try (InputStream in =
        VerityVectorsTest.class.getResourceAsStream(BASE + name + "/vector.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static byte[] expectedHashFile(String name) throws IOException {
    try (InputStream in = VerityVectorsTest.class.getResourceAsStream(BASE + name + "/hash.bin")) {
      return in.readAllBytes();
    }
  }

  static VerityParams params(JsonNode v) throws Exception {
    return new VerityParams(
        VerityHash.parse(v.get("hash_algorithm").asText()),
        v.get("data_block_size").asInt(),
        v.get("hash_block_size").asInt(),
        VerityHashType.of(v.get("format").asInt()),
        Hex.decode("salt", v.get("salt").asText()),
        v.get("uuid").isNull() ? null : UUID.fromString(v.get("uuid").asText()),
        v.get("superblock").asBoolean(),
        v.get("hash_offset").asLong(),
        v.get("data_blocks").asLong());
  }

  @ParameterizedTest(name = "{0} threads={1}")
  @MethodSource("vectors")
  void testFormat_reproducesVeritysetupVector(String name, int threads) throws Exception {
    JsonNode v = vector(name);
    VerityParams p = params(v);
    boolean sameFile = v.get("same_file").asBoolean();
    Path data = TestData.write(dir.resolve("data"), v.get("data_bytes").asLong());
    Path hash = sameFile ? data : dir.resolve("hash");
    VerityResult r;
    long hashStart = sameFile ? p.hashOffset() : 0;
    VerityParams placed = sameFile ? p.withPlacement(0, p.superblock()) : p;
    try (FileChannel d = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel h =
            sameFile
                ? d
                : FileChannel.open(
                    hash,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
      // same file: once through the hash offset, once through the region start
      r = VerityHashTree.format(d, 0, h, 0, p, ProgressListener.NONE, threads);
      if (sameFile) {
        VerityResult again =
            VerityHashTree.format(d, 0, h, hashStart, placed, ProgressListener.NONE, threads);
        assertArrayEquals(r.rootHash(), again.rootHash());
      }
    }
    assertEquals(v.get("root_hash").asText(), r.rootHashHex(), name + " root hash");
    byte[] all = Files.readAllBytes(hash);
    byte[] hashDevice = Arrays.copyOfRange(all, (int) hashStart, all.length);
    byte[] expected = expectedHashFile(name);
    assertEquals(v.get("hash_file_bytes").asLong(), hashDevice.length, name + " hash file size");
    assertEquals(
        expected.length, r.geometry().hashDeviceSize() - hashStart, name + " hashDeviceSize()");
    assertArrayEquals(expected, hashDevice, name + " hash file bytes");
    assertEquals(
        v.get("hash_file_sha256").asText(),
        Hex.encode(MessageDigest.getInstance("SHA-256").digest(hashDevice)));
  }

  @ParameterizedTest(name = "{0} threads={1}")
  @MethodSource("vectors")
  void testVerify_acceptsVectorAndFindsFlippedDataByte(String name, int threads) throws Exception {
    JsonNode v = vector(name);
    VerityParams p = params(v);
    boolean sameFile = v.get("same_file").asBoolean();
    Path data = TestData.write(dir.resolve("data"), v.get("data_bytes").asLong());
    byte[] root = Hex.decode("root", v.get("root_hash").asText());
    try (FileChannel d =
        FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileChannel h = d;
      long hashStart = p.hashOffset();
      if (!sameFile) {
        Path hash = Files.write(dir.resolve("hash"), expectedHashFile(name));
        h = FileChannel.open(hash, StandardOpenOption.READ);
        hashStart = 0;
      } else {
        Channels2.write(d, expectedHashFile(name), hashStart);
      }
      VerityParams placed = p.withPlacement(sameFile ? 0 : p.hashOffset(), p.superblock());
      try {
        assertTrue(
            VerityHashTree.verify(d, 0, h, hashStart, placed, root, ProgressListener.NONE, threads)
                .ok());
        long block = p.dataBlocks() - 1;
        long offset = block * p.dataBlockSize() + 7;
        Channels2.write(d, new byte[] {(byte) ~Channels2.read(d, offset)}, offset);
        VerityCheck c =
            VerityHashTree.verify(d, 0, h, hashStart, placed, root, ProgressListener.NONE, threads);
        if (p.dataBlocks() == 1) {
          assertEquals(VerityCheck.Status.ROOT_HASH_MISMATCH, c.status(), c.message());
        } else {
          assertEquals(VerityCheck.Status.BAD_DATA_BLOCK, c.status(), c.message());
          assertEquals(block, c.index(), c.message());
          assertEquals(block * p.dataBlockSize(), c.offset(), c.message());
        }
      } finally {
        h.close();
      }
    }
  }

  /** Small positional helpers for tests. */
  static final class Channels2 {
    static void write(FileChannel ch, byte[] bytes, long pos) throws IOException {
      dev.mkddi.io.PositionalIo.writeFully(ch, ByteBuffer.wrap(bytes), pos);
    }

    static byte read(FileChannel ch, long pos) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(1);
      dev.mkddi.io.PositionalIo.readFully(ch, b, pos);
      return b.get(0);
    }
  }
}
