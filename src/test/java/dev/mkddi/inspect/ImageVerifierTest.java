package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.builder.TestImages;
import dev.mkddi.builder.TestImages.Kind;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.sign.SignerTrust;
import dev.mkddi.verity.KiwiMetadataConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageVerifierTest {
  private static final long MIB = 1 << 20;
  private static final String OTHER_HASH = "ab".repeat(32);

  @TempDir static Path shared;
  private static final Map<Kind, Path> BUILT = new EnumMap<>(Kind.class);

  @TempDir Path dir;

  @BeforeAll
  static void buildImages() throws IOException {
    for (Kind k : Kind.values()) {
      BUILT.put(k, TestImages.build(shared.resolve(k.name()), k));
    }
  }

  private Path image(Kind k) throws IOException {
    return TestImages.copy(BUILT.get(k), dir);
  }

  private static String rootHash(Path image) throws IOException {
    return Files.readString(
        image.resolveSibling(image.getFileName().toString().replace(".raw", ".roothash")));
  }

  private static VerifyReport verify(Path image) throws IOException {
    return verify(image, Optional.empty(), Optional.empty(), OptionalLong.empty());
  }

  private static VerifyReport verify(
      Path image, Optional<String> rootHash, Optional<Path> cert, OptionalLong hashOffset)
      throws IOException {
    return new ImageVerifier(ProgressListener.NONE)
        .verify(new VerifyRequest(image, rootHash, cert, hashOffset));
  }

  private static String firstProblem(VerifyReport r) {
    return r.firstProblem().orElseThrow(() -> new AssertionError("no problem: " + r)).message();
  }

  private static void assertOk(VerifyReport r) {
    assertTrue(r.ok(), () -> r.firstProblem().toString());
  }

  private static List<String> names(VerifyReport r) {
    return r.checks().stream().map(c -> c.name() + ":" + c.status().jsonName()).toList();
  }

  @Test
  void testVerify_unsignedImagePassesEveryCheck() throws Exception {
    Path img = image(Kind.UNSIGNED);
    VerifyReport r = verify(img);
    assertOk(r);
    assertEquals(
        List.of(
            "gpt:ok",
            "partition-uuids:ok",
            "partition-types:ok",
            "root-hash:ok",
            "verity:ok",
            "signature:skipped",
            "filesystem:ok"),
        names(r));
    VeritySlot s = r.slots().get(0);
    assertEquals(rootHash(img), s.rootHash());
    assertEquals(
        List.of(
            img.resolveSibling("t.x86_64-1.0.roothash").toString(),
            "the PARTUUIDs of partitions 1 and 2"),
        s.sources().stream().map(RootHashClaim::origin).toList());
    assertEquals(Optional.empty(), r.trust());
    assertEquals("root-x86-64 (1), root-x86-64-verity (2)", r.checks().get(2).message());
  }

  @Test
  void testVerify_signedImageProvesIntegrityOrTrust() throws Exception {
    Path img = image(Kind.SIGNED);
    VerifyReport r = verify(img);
    assertOk(r);
    assertEquals(
        List.of(
            "gpt:ok",
            "partition-uuids:ok",
            "partition-types:ok",
            "root-hash:ok",
            "verity:ok",
            "signature:ok",
            "signature-file:ok",
            "filesystem:ok"),
        names(r));
    assertEquals(Optional.of(SignerTrust.EMBEDDED_CERTIFICATE_ONLY), r.trust());
    assertEquals(3, r.slots().get(0).signature().number());
    VerifyReport pinned =
        verify(
            img,
            Optional.of(rootHash(img)),
            Optional.of(TestImages.signFixture("test-only-rsa.crt")),
            OptionalLong.empty());
    assertOk(pinned);
    assertEquals(Optional.of(SignerTrust.PINNED_CERTIFICATE), pinned.trust());
  }

  @Test
  void testVerify_flippedRootByteNamesDataBlock() throws Exception {
    Path img = image(Kind.SIGNED);
    TestImages.flip(img, MIB + 3 * 4096 + 7);
    VerifyReport r = verify(img);
    assertEquals(
        "partition 1 (root-x86-64): data block 3 (byte 12288 of the data device) does not match"
            + " its hash (level 0, block 0, entry 3) (image byte "
            + (MIB + 3 * 4096)
            + ")",
        firstProblem(r));
    assertEquals("verity", r.firstProblem().get().name());
    assertTrue(r.checks().stream().anyMatch(c -> c.name().equals("signature") && !c.failed()));
    assertEquals(Optional.empty(), r.trust());
  }

  @Test
  void testVerify_flippedHashTreeByteIsRootMismatch() throws Exception {
    Path img = image(Kind.UNSIGNED);
    InspectedPartition hash = TestImages.partitions(img).get(1);
    TestImages.flip(img, hash.offset() + 4096 + 40);
    String p = firstProblem(verify(img));
    assertTrue(
        p.startsWith(
            "partition 2 (root-x86-64-verity): root hash mismatch: the top hash block (level 0,"
                + " byte 4096 of the hash device) hashes to "),
        p);
    assertTrue(
        p.endsWith(", expected " + rootHash(img) + " (image byte " + (hash.offset() + 4096) + ")"),
        p);
  }

  @Test
  void testVerify_damagedSuperblockIsNamed() throws Exception {
    Path img = image(Kind.UNSIGNED);
    InspectedPartition hash = TestImages.partitions(img).get(1);
    TestImages.flip(img, hash.offset());
    assertEquals(
        "partition 2 (root-x86-64-verity): "
            + img
            + ": offset "
            + hash.offset()
            + ": verity superblock signature: expected 'verity\\0\\0' (7665726974790000), got"
            + " 8965726974790000; not a verity superblock",
        firstProblem(verify(img)));
  }

  @Test
  void testVerify_flippedSignatureIsRejected() throws Exception {
    Path img = image(Kind.SIGNED);
    InspectedPartition sig = TestImages.partitions(img).get(2);
    byte[] content = new byte[16384];
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      ch.read(ByteBuffer.wrap(content), sig.offset());
    }
    int end = new String(content, StandardCharsets.ISO_8859_1).indexOf("\"}");
    int at = end - 10;
    byte[] b = {(byte) (content[at] == 'A' ? 'B' : 'A')};
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(b), sig.offset() + at);
    }
    VerifyReport r = verify(img);
    assertEquals(
        "partition 3 (root-x86-64-verity-sig): the signature does not match the signed content"
            + " (root hash)",
        firstProblem(r));
    assertEquals("signature", r.firstProblem().get().name());
  }

  @Test
  void testVerify_garbledSignatureJsonIsRejected() throws Exception {
    Path img = image(Kind.SIGNED);
    InspectedPartition sig = TestImages.partitions(img).get(2);
    TestImages.flip(img, sig.offset());
    VerifyReport r = verify(img);
    assertEquals("signature", r.firstProblem().get().name());
    assertTrue(
        firstProblem(r).startsWith("partition 3 (root-x86-64-verity-sig): " + img + ": offset "),
        firstProblem(r));
  }

  @Test
  void testVerify_wrongRootHashNamesBothSources() throws Exception {
    Path img = image(Kind.SIGNED);
    VerifyReport r = verify(img, Optional.of(OTHER_HASH), Optional.empty(), OptionalLong.empty());
    assertEquals(
        "root hash mismatch: "
            + img.resolveSibling("t.x86_64-1.0.roothash")
            + " says "
            + rootHash(img)
            + ", --root-hash says "
            + OTHER_HASH,
        firstProblem(r));
    assertEquals("root-hash", r.firstProblem().get().name());
    assertTrue(r.slots().isEmpty());
  }

  @Test
  void testVerify_wrongCertificateFails() throws Exception {
    Path img = image(Kind.SIGNED);
    VerifyReport r =
        verify(
            img,
            Optional.empty(),
            Optional.of(TestImages.signFixture("test-only-ec.crt")),
            OptionalLong.empty());
    assertTrue(
        firstProblem(r).startsWith("partition 3 (root-x86-64-verity-sig): signed by CN="),
        firstProblem(r));
    assertTrue(firstProblem(r).contains(", not by the given certificate CN="), firstProblem(r));
    assertTrue(firstProblem(r).matches(".*\\(sha256 [0-9a-f]{64}\\)$"), firstProblem(r));
  }

  @Test
  void testVerify_certificateForUnsignedImageFails() throws Exception {
    VerifyReport r =
        verify(
            image(Kind.UNSIGNED),
            Optional.empty(),
            Optional.of(TestImages.signFixture("test-only-rsa.crt")),
            OptionalLong.empty());
    assertEquals(
        "a certificate was given, but the root slot is unsigned: no signature partition, no"
            + " t.x86_64-1.0.roothash.p7s",
        firstProblem(r));
  }

  @Test
  void testVerify_mismatchedSidecarNamesBothSources() throws Exception {
    Path img = image(Kind.SIGNED);
    Path sidecar = img.resolveSibling("t.x86_64-1.0.roothash");
    String real = rootHash(img);
    Files.writeString(sidecar, OTHER_HASH + "\n");
    assertEquals(
        "root hash mismatch: the signature in partition 3 (root-x86-64-verity-sig) says "
            + real
            + ", "
            + sidecar
            + " says "
            + OTHER_HASH,
        firstProblem(verify(img)));
  }

  @Test
  void testVerify_signatureFileMustVerifyAndEqualPartition() throws Exception {
    Path img = image(Kind.SIGNED);
    Path p7s = img.resolveSibling("t.x86_64-1.0.roothash.p7s");
    Files.write(p7s, TestImages.signFixtureBytes("rsa.p7s")); // signs another root hash
    VerifyReport r = verify(img);
    assertEquals("signature-file", r.firstProblem().get().name());
    assertEquals(
        p7s + ": the signature does not match the signed content (root hash)", firstProblem(r));
    byte[] other =
        dev.mkddi.sign.Signer.load(
                TestImages.signFixture("test-only-ec.key"),
                TestImages.signFixture("test-only-ec.crt"),
                null)
            .signRootHash(rootHash(img));
    Files.write(p7s, other);
    assertEquals(
        p7s + " is valid but differs from the signature in partition 3 (root-x86-64-verity-sig)",
        firstProblem(verify(img)));
  }

  @Test
  void testVerify_duplicatePartuuidFails() throws Exception {
    Path img = image(Kind.UNSIGNED);
    TestImages.duplicateUuid(img, 0, 1);
    UUID u = TestImages.partitions(img).get(0).uuid();
    VerifyReport r = verify(img);
    assertEquals(
        "partitions 1 and 2 have the same PARTUUID " + u + ": /dev/disk/by-partuuid/ is ambiguous",
        firstProblem(r));
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("have the same PARTUUID")));
  }

  @Test
  void testVerify_abImageSkipsEmptySlot() throws Exception {
    VerifyReport r = verify(image(Kind.AB));
    assertOk(r);
    assertEquals(List.of("partitions 3, 4 are empty A/B slots (_empty): skipped"), r.notes());
    assertEquals(1, r.slots().size());
    assertEquals(1, r.slots().get(0).data().number());
  }

  @Test
  void testVerify_twoFilledSlots_newestByLabelThenTheOther() throws Exception {
    Path img = TestImages.twoFilledSlots(dir.resolve("ab"));
    String v1 = rootHash(img);
    Files.delete(img.resolveSibling("t.x86_64-1.0.roothash"));
    VerifyReport r = verify(img);
    assertOk(r);
    assertEquals(List.of(3, 1), r.slots().stream().map(s -> s.data().number()).toList());
    assertTrue(
        r.notes().get(0).contains("partitions 3+4 (t_2.0) hold the newest version by label"),
        r.notes().toString());
    assertEquals(v1, r.slots().get(1).rootHash());
    VerifyReport pinned = verify(img, Optional.of(v1), Optional.empty(), OptionalLong.empty());
    assertOk(pinned);
    assertEquals(List.of(1, 3), pinned.slots().stream().map(s -> s.data().number()).toList());
    assertEquals(
        "no verity slot has the PARTUUIDs of the root hash from --root-hash ("
            + OTHER_HASH
            + "); the slots are partitions 1+2, 3+4",
        firstProblem(verify(img, Optional.of(OTHER_HASH), Optional.empty(), OptionalLong.empty())));
  }

  @Test
  void testVerify_twoFilledSlots_roothashFileNamesTheBootedSlot_otherSlotDamageFound()
      throws Exception {
    Path img = TestImages.twoFilledSlots(dir.resolve("ab"));
    VerifyReport r = verify(img);
    assertOk(r);
    assertEquals(List.of(1, 3), r.slots().stream().map(s -> s.data().number()).toList());
    InspectedPartition b = TestImages.partitions(img).get(2);
    TestImages.flip(img, b.offset() + 4096 + 7);
    String problem = firstProblem(verify(img));
    assertTrue(
        problem.startsWith("partition 3 (t_2.0): data block 1 (byte 4096 of the data device)"),
        problem);
  }

  @Test
  void testVerify_sameVersionInBothSlots_duplicatePartuuidNamesBothPartitions() throws Exception {
    Path img = TestImages.twoFilledSlots(dir.resolve("ab"));
    TestImages.duplicateUuid(img, 0, 2);
    UUID u = TestImages.partitions(img).get(0).uuid();
    assertEquals(
        "partitions 1 and 3 have the same PARTUUID " + u + ": /dev/disk/by-partuuid/ is ambiguous",
        firstProblem(verify(img)));
  }

  @Test
  void testVerify_inRootLayoutFromManifestOrOption() throws Exception {
    Path img = image(Kind.IN_ROOT);
    VerifyReport r = verify(img);
    assertOk(r);
    VeritySlot s = r.slots().get(0);
    assertTrue(s.inPartition());
    assertTrue(s.hashOffset() > 0);
    Files.delete(img.resolveSibling("t.x86_64-1.0.json"));
    VerifyReport none = verify(img);
    assertEquals("verity", none.firstProblem().get().name());
    assertEquals(
        "partition 1 (root-x86-64) has no root-verity partition, and neither t.x86_64-1.0.json nor"
            + " a kiwi metadata block says where a hash tree inside it starts: give --hash-offset",
        firstProblem(none));
    assertOk(verify(img, Optional.empty(), Optional.empty(), OptionalLong.of(s.hashOffset())));
    VerifyReport wrong =
        verify(img, Optional.empty(), Optional.empty(), OptionalLong.of(s.hashOffset() + 4096));
    assertEquals("verity", wrong.firstProblem().get().name());
    VerifyReport beyond =
        verify(img, Optional.empty(), Optional.empty(), OptionalLong.of(1L << 30));
    assertTrue(
        firstProblem(beyond)
            .startsWith("hash offset 1073741824 is beyond the end of partition 1 (root-x86-64) ("),
        firstProblem(beyond));
  }

  @Test
  void testVerify_kiwiMetadataBlockGivesOffsetAndRootHash() throws Exception {
    Path img = image(Kind.KIWI_EMBEDDED);
    String hash = rootHash(img);
    Files.delete(img.resolveSibling("t.x86_64-1.0.json"));
    Files.delete(img.resolveSibling("t.x86_64-1.0.roothash"));
    VerifyReport r = verify(img);
    assertOk(r);
    assertEquals(hash, r.slots().get(0).rootHash());
    assertEquals(
        List.of("kiwi's metadata in partition 1 (root-x86-64)"),
        r.slots().get(0).sources().stream().map(RootHashClaim::origin).toList());
  }

  @Test
  void testVerify_kiwiSignatureCheckedAgainstCertificate() throws Exception {
    Path img = image(Kind.KIWI_EMBEDDED);
    Files.delete(img.resolveSibling("t.x86_64-1.0.roothash.p7s"));
    Optional<Path> cert = Optional.of(TestImages.signFixture("test-only-rsa.crt"));
    VerifyReport unchecked = verify(img);
    assertOk(unchecked);
    assertEquals(Optional.of(SignerTrust.SIGNATURE_UNCHECKED), unchecked.trust());
    assertEquals(
        "kiwi's metadata block in partition 1 (root-x86-64): RSA-PSS signature present,"
            + " unchecked: the block holds no certificate (give --certificate)",
        unchecked.checks().stream()
            .filter(c -> c.name().equals("kiwi-signature"))
            .findFirst()
            .orElseThrow()
            .message());
    VerifyReport pinned = verify(img, Optional.empty(), cert, OptionalLong.empty());
    assertOk(pinned);
    assertEquals(Optional.of(SignerTrust.PINNED_CERTIFICATE), pinned.trust());

    InspectedPartition root = TestImages.partitions(img).get(0);
    long block = root.offset() + root.size() - KiwiMetadataConstants.BLOCK_SIZE;
    TestImages.flip(img, block + 400);
    VerifyReport bad = verify(img, Optional.empty(), cert, OptionalLong.empty());
    assertFalse(bad.ok());
    assertTrue(
        firstProblem(bad)
            .startsWith(
                "kiwi's metadata block in partition 1 (root-x86-64): the RSA-PSS signature does"
                    + " not verify against the given certificate "),
        firstProblem(bad));
  }

  @Test
  void testVerify_kiwiSignatureCheckedAgainstSignerOfTheP7s() throws Exception {
    Path img = image(Kind.KIWI_EMBEDDED);
    VerifyReport r = verify(img);
    assertOk(r);
    assertEquals(Optional.of(SignerTrust.EMBEDDED_CERTIFICATE_ONLY), r.trust());
    assertTrue(names(r).contains("kiwi-signature:ok"), names(r).toString());
    InspectedPartition root = TestImages.partitions(img).get(0);
    TestImages.flip(img, root.offset() + root.size() - KiwiMetadataConstants.BLOCK_SIZE + 400);
    VerifyReport bad = verify(img);
    assertTrue(names(bad).contains("kiwi-signature:failed"), names(bad).toString());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "520, the primary GPT is damaged (offset {}: GPT header CRC32",
    "1024, the primary GPT is damaged (offset {}: GPT entry array CRC32",
    "-504, the backup GPT is damaged (offset {}: GPT header CRC32",
    "-4096, the backup GPT is damaged (offset {}: GPT entry array CRC32",
    "0, the backup GPT is missing: its header belongs at LBA ",
    "450, the protective MBR is damaged (offset {}: partition type: none of the 4 records",
    "454, the protective MBR is damaged (offset {}: record 1 of type 0xEE: starting LBA",
    "511, the protective MBR is damaged (offset {}: boot signature: expected 55 AA"
  })
  void testVerify_damagedGptFails(long offset, String problem) throws Exception {
    Path img = image(Kind.UNSIGNED);
    long size = Files.size(img);
    if (offset == 0) {
      try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
        ch.truncate(size - 4096);
      }
    } else {
      TestImages.flip(img, offset > 0 ? offset : size + offset);
    }
    VerifyReport r = verify(img);
    assertFalse(r.ok());
    assertEquals("gpt", r.firstProblem().orElseThrow().name());
    String got = firstProblem(r).replaceFirst("\\(offset [0-9]+:", "(offset {}:");
    assertTrue(got.startsWith(problem), got);
  }

  @Test
  void testVerify_oneDataBlock_mismatchNamesTheDataPartition() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), "verity_partition=\"true\"");
    Path img = new TestImages().build(desc, dir.resolve("o")).image();
    assertTrue(verify(img).checks().get(4).message().contains(": 1 data block checked"));
    InspectedPartition root = TestImages.partitions(img).get(0);
    TestImages.flip(img, root.offset() + 1100);
    String problem = firstProblem(verify(img));
    assertTrue(
        problem.startsWith("partition 1 (root-x86-64): root hash mismatch: data block 0 hashes"),
        problem);
    assertTrue(problem.endsWith("(image byte " + root.offset() + ")"), problem);
  }

  @Test
  void testVerify_notAnImageIsBadInput() throws Exception {
    Path p = dir.resolve("zeros.raw");
    Files.write(p, new byte[65536]);
    assertThrows(FormatException.class, () -> verify(p));
  }

  @Test
  void testRootHashClaim_uuidHalvesCompareFirstAndLast16Bytes() {
    String h512 = "11".repeat(16) + "22".repeat(32) + "33".repeat(16);
    RootHashClaim uuids = new RootHashClaim("11".repeat(16) + "33".repeat(16), "u", true);
    assertTrue(uuids.agreesWith(h512));
    assertFalse(uuids.agreesWith("11".repeat(64)));
    assertFalse(uuids.agreesWith("11".repeat(8)));
  }
}
