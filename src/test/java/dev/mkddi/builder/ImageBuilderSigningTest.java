package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sign.Certificates;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.SignatureVerifier;
import dev.mkddi.verity.KiwiMetadataConstants;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VeritySuperblock;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed images (partition and sidecar) and kiwi's in-partition verity layout. */
class ImageBuilderSigningTest {
  @TempDir Path dir;
  private final TestImages images = new TestImages();

  /** Copies a test-only key pair of the sign package's vectors into {@code dir/keys}. */
  private void keys(String kind) throws Exception {
    Files.createDirectories(dir.resolve("d/keys"));
    for (String ext : List.of("key", "crt")) {
      try (InputStream in =
          getClass().getResourceAsStream("/dev/mkddi/sign/test-only-" + kind + "." + ext)) {
        Files.write(dir.resolve("d/keys/verity." + ext), in.readAllBytes());
      }
    }
  }

  private static final String SIGNED =
      "verity_partition=\"true\" verity_signature_required=\"true\""
          + " verity_signature_key=\"keys/verity.key\""
          + " verity_signature_certificate=\"keys/verity.crt\"";

  @Test
  void testBuild_unsignedRebuildRemovesStaleSideFiles() throws Exception {
    keys("ec");
    Path desc = TestImages.description(dir.resolve("d"), SIGNED);
    Path out = dir.resolve("o");
    images.build(desc, out, java.util.Optional.empty(), true);
    assertTrue(Files.exists(out.resolve("t.x86_64-1.0.roothash.p7s")));
    assertTrue(Files.exists(out.resolve("t.x86_64-1.0.root-x86-64-verity-sig.raw")));
    Files.writeString(out.resolve("t.x86_64-1.0.notes"), "not ours");
    Path plain = TestImages.description(dir.resolve("p"), "verity_partition=\"true\"");
    BuildResult r = images.build(plain, out);
    try (var files = Files.list(out)) {
      assertEquals(
          List.of(
              "t.x86_64-1.0.cmdline",
              "t.x86_64-1.0.json",
              "t.x86_64-1.0.notes",
              "t.x86_64-1.0.raw",
              "t.x86_64-1.0.roothash"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals(4, r.files().size());
  }

  @Test
  void testBuild_signedEc_partitionAndSidecarAgreeAndRebuildIsIdentical() throws Exception {
    keys("ec");
    Path desc = TestImages.description(dir.resolve("d"), SIGNED);
    BuildResult r = images.build(desc, dir.resolve("o1"));
    images.build(desc, dir.resolve("o2"));
    Path img = dir.resolve("o1/t.x86_64-1.0.raw");
    assertArrayEquals(
        Files.readAllBytes(img), Files.readAllBytes(dir.resolve("o2/t.x86_64-1.0.raw")));
    byte[] p7s = Files.readAllBytes(dir.resolve("o1/t.x86_64-1.0.roothash.p7s"));
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      List<GptPartition> p = GptReader.read(ch, img.toString()).table().partitions();
      assertEquals("root-x86-64-verity-sig", p.get(2).name());
      assertEquals(16384, p.get(2).size(512));
      SignaturePartition sig =
          SignaturePartition.read(ch, p.get(2).offset(512), p.get(2).size(512), "sig");
      assertEquals(r.rootHash(), sig.rootHash());
      assertArrayEquals(p7s, sig.signature());
      SignatureVerifier.verify(
          p7s,
          r.rootHash().getBytes(StandardCharsets.US_ASCII),
          Certificates.load(dir.resolve("d/keys/verity.crt")));
    }
  }

  @Test
  void testBuild_kiwiInPartitionLayout_withSignedMetadataBlock() throws Exception {
    keys("rsa");
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            "embed_verity_metadata=\"true\" verity_signature_key=\"keys/verity.key\""
                + " verity_signature_certificate=\"keys/verity.crt\"");
    BuildResult r = images.build(desc, dir.resolve("out"));
    Path img = dir.resolve("out/t.x86_64-1.0.raw");
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      List<GptPartition> p = GptReader.read(ch, img.toString()).table().partitions();
      assertEquals(1, p.size());
      long root = p.get(0).offset(512);
      long size = p.get(0).size(512);
      assertEquals(
          "systemd.verity_root_data=PARTUUID="
              + p.get(0).uniqueGuid()
              + " systemd.verity_root_hash=PARTUUID="
              + p.get(0).uniqueGuid()
              + " systemd.verity_root_options=hash-offset=4096 roothash="
              + r.rootHash(),
          r.cmdline());
      VeritySuperblock sb = VeritySuperblock.read(ch, root + 4096, img.toString());
      assertTrue(
          VerityHashTree.verify(
                  ch,
                  root,
                  ch,
                  root,
                  sb.toParams(4096),
                  Hex.decode("root hash", r.rootHash()),
                  images.listener)
              .ok());
      byte[] head = new byte[19];
      ch.read(java.nio.ByteBuffer.wrap(head), root + size - KiwiMetadataConstants.BLOCK_SIZE);
      assertEquals("1 erofs ro verity\u00ff1", new String(head, StandardCharsets.ISO_8859_1));
    }
    assertTrue(Files.exists(dir.resolve("out/t.x86_64-1.0.roothash.p7s")));
  }

  @Test
  void testBuild_kiwiMetadataWithoutKey_refusedBeforeWriting() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), "embed_verity_metadata=\"true\"");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(desc, dir.resolve("out")));
    assertEquals(
        desc.resolve("config.xml")
            + ":8:62: embed_verity_metadata=\"true\" needs a signing key: kiwi's metadata block"
            + " is RSA-PSS signed (give verity_signature_key and verity_signature_certificate, or"
            + " --signing-key and --certificate)",
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out")));
  }

  @Test
  void testBuild_kiwiMetadataWithEcKey_refused() throws Exception {
    keys("ec");
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            "embed_verity_metadata=\"true\" verity_signature_key=\"keys/verity.key\""
                + " verity_signature_certificate=\"keys/verity.crt\"");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> images.build(desc, dir.resolve("out")));
    assertEquals(
        desc.resolve("config.xml")
            + ":8:62: embed_verity_metadata=\"true\": kiwi's metadata block is signed with"
            + " RSA-PSS; the key is EC",
        e.getMessage());
  }
}
