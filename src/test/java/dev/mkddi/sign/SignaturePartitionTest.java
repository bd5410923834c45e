package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturePartitionTest {

  @Test
  void testEncode_equalsVector() throws Exception {
    Signer rsa = Fixtures.rsa();
    byte[] got =
        SignaturePartition.encode(
            Fixtures.rootHash(), rsa.certificateFingerprint(), Fixtures.bytes("rsa.p7s"));
    assertEquals(SignConstants.SIGNATURE_PARTITION_SIZE, got.length);
    assertArrayEquals(Fixtures.bytes("rsa-sig-partition.bin"), got);
  }

  @Test
  void testDecode_vector() throws Exception {
    SignaturePartition p =
        SignaturePartition.decode(Fixtures.bytes("rsa-sig-partition.bin"), "sig.bin");
    assertEquals(Fixtures.rootHash(), p.rootHash());
    assertEquals(Fixtures.rsa().certificateFingerprint(), p.certificateFingerprint());
    assertArrayEquals(Fixtures.bytes("rsa.p7s"), p.signature());
    assertArrayEquals(Fixtures.bytes("rsa-sig-partition.bin"), p.encode());
  }

  @Test
  void testDecode_trailingNewlineAndNoFingerprint() throws Exception {
    SignaturePartition p =
        SignaturePartition.decode(Fixtures.bytes("newline-nofingerprint.bin"), "x");
    assertEquals("00ff", p.rootHash());
    assertNull(p.certificateFingerprint());
    assertArrayEquals(new byte[] {0x30, 0}, p.signature());
  }

  @Test
  void testDecode_upperCaseHexIsNormalized() throws Exception {
    byte[] json = "{\"rootHash\":\"00FF\",\"signature\":\"MAA=\",\"x\":[1,{}]}".getBytes();
    assertEquals("00ff", SignaturePartition.decode(json, "x").rootHash());
  }

  @Test
  void testDecode_unknownKeysKeptWithTheirOffsets() throws Exception {
    String json =
        "{\"rootHash\":\"00ff\",\"certificateFingerprnt\":\"ab\",\"signature\":\"MAA=\","
            + "\"x\":[1,{\"y\":2}]}";
    SignaturePartition p =
        SignaturePartition.decode(json.getBytes(StandardCharsets.US_ASCII), "sig.bin");
    assertEquals(
        List.of(
            new SignaturePartition.UnknownKey("certificateFingerprnt", json.indexOf("\"cert")),
            new SignaturePartition.UnknownKey("x", json.indexOf("\"x\""))),
        p.unknownKeys());
    assertEquals(null, p.certificateFingerprint());
    assertEquals(List.of(), SignaturePartition.decode(p.encode(), "again").unknownKeys());
  }

  @Test
  void testEncode_withoutFingerprint() throws Exception {
    byte[] p = SignaturePartition.encode("00ff", null, new byte[] {0x30, 0});
    String json = new String(p, 0, 38, StandardCharsets.US_ASCII);
    assertEquals("{\"rootHash\":\"00ff\",\"signature\":\"MAA=\"}", json);
    assertEquals(0, p[38]);
  }

  @Test
  void testEncode_tooLargeIsRefused() {
    byte[] huge = new byte[SignConstants.SIGNATURE_PARTITION_SIZE * 3 / 4];
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> SignaturePartition.encode("00", null, huge));
    assertTrue(e.getMessage().startsWith("signature partition: the JSON needs"), e.getMessage());
  }

  @Test
  void testEncode_largestThatFits() throws Exception {
    // {"rootHash":"00","signature":"…"} is 30 bytes + Base64; one NUL must follow
    int base64 = (SignConstants.SIGNATURE_PARTITION_SIZE - 1 - 32) / 4 * 4;
    byte[] der = new byte[base64 / 4 * 3];
    byte[] p = SignaturePartition.encode("00", null, der);
    assertEquals(0, p[p.length - 1]);
    assertArrayEquals(der, SignaturePartition.decode(p, "x").signature());
  }

  @Test
  void testRoundTrip_seededRandom() throws Exception {
    Random random = new Random(6);
    for (int i = 0; i < 200; i++) {
      byte[] hash = new byte[1 + random.nextInt(64)];
      random.nextBytes(hash);
      byte[] der = new byte[1 + random.nextInt(4000)];
      random.nextBytes(der);
      String fp = random.nextBoolean() ? null : dev.mkddi.io.Hex.encode(hash);
      SignaturePartition p = new SignaturePartition(dev.mkddi.io.Hex.encode(hash), fp, der);
      assertEquals(p, SignaturePartition.decode(p.encode(), "x"));
      assertEquals(p, SignaturePartition.decode(ByteBuffer.wrap(p.encode()), "x"));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "embedded-nul-fail.bin|46|signature partition padding: expected NUL after the JSON that"
            + " ends at offset 38, got 0x78",
        "all-nul-fail.bin|0|signature partition JSON: expected a JSON object, got only NUL bytes",
        "not-json-fail.bin|0|signature partition JSON: Unrecognized token 'rootHash'",
        "not-object-fail.bin|0|signature partition JSON: expected a JSON object, got START_ARRAY",
        "missing-signature-fail.bin|0|signature partition JSON: missing key 'signature'",
        "missing-roothash-fail.bin|0|signature partition JSON: missing key 'rootHash'",
        "bad-hex-fail.bin|12|signature partition JSON 'rootHash': expected hex digits, got"
            + " \"00fg\"",
        "odd-hex-fail.bin|12|signature partition JSON 'rootHash': expected hex digits",
        "bad-base64-fail.bin|31|signature partition JSON 'signature': invalid Base64",
        "roothash-number-fail.bin|12|signature partition JSON 'rootHash': expected a string, got"
            + " VALUE_NUMBER_INT",
        "duplicate-key-fail.bin|29|signature partition JSON: Duplicate field 'rootHash'",
        "trailing-garbage-fail.bin|39|signature partition JSON: Unrecognized token 'x'",
        "truncated-fail.bin|20|signature partition JSON: Unexpected end-of-input",
      })
  void testDecode_malformed(String fixture, long offset, String message) {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> SignaturePartition.decode(Fixtures.bytes(fixture), "img.raw"));
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("img.raw: offset " + offset + ": " + message), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded-nul-fail.bin", "bad-hex-fail.bin"})
  void testRead_offsetsAreFromImageStart(String fixture, @TempDir Path dir) throws Exception {
    byte[] content = Fixtures.bytes(fixture);
    Path image = dir.resolve("img.raw");
    long at = 1 << 20;
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(content), at);
    }
    long relative =
        assertThrows(FormatException.class, () -> SignaturePartition.decode(content, "x")).offset();
    try (FileChannel ch = FileChannel.open(image)) {
      FormatException e =
          assertThrows(
              FormatException.class,
              () -> SignaturePartition.read(ch, at, content.length, "img.raw"));
      assertEquals(at + relative, e.offset());
    }
  }

  @Test
  void testRead_partitionOver4MiBIsRefused(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("img.raw");
    Files.write(image, new byte[1]);
    try (FileChannel ch = FileChannel.open(image)) {
      FormatException e =
          assertThrows(
              FormatException.class,
              () -> SignaturePartition.read(ch, 512, (4L << 20) + 1, "img.raw"));
      assertEquals(
          "img.raw: offset 512: signature partition size: expected at most 4194304 bytes, got"
              + " 4194305",
          e.getMessage());
    }
  }

  @Test
  void testRead_fromImage(@TempDir Path dir) throws Exception {
    Path image = dir.resolve("img.raw");
    byte[] part = Fixtures.bytes("rsa-sig-partition.bin");
    byte[] file = Arrays.copyOf(new byte[4096], 4096 + part.length);
    System.arraycopy(part, 0, file, 4096, part.length);
    Files.write(image, file);
    try (FileChannel ch = FileChannel.open(image)) {
      assertEquals(
          SignaturePartition.decode(part, "x"),
          SignaturePartition.read(ch, 4096, part.length, "img.raw"));
    }
  }

  @Test
  void testRecord_validatesAndCopies() {
    assertThrows(
        IllegalArgumentException.class, () -> new SignaturePartition("00FF", null, new byte[1]));
    assertThrows(
        IllegalArgumentException.class, () -> new SignaturePartition("00", "xyz", new byte[1]));
    assertThrows(
        IllegalArgumentException.class, () -> new SignaturePartition("00", null, new byte[0]));
    byte[] der = {1, 2};
    SignaturePartition p = new SignaturePartition("00", null, der);
    der[0] = 9;
    p.signature()[1] = 9;
    assertArrayEquals(new byte[] {1, 2}, p.signature());
  }
}
