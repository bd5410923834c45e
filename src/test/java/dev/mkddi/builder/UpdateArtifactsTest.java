package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.mkddi.description.LoadOptions;
import dev.mkddi.description.SigningOptions;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.sidecar.Manifest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateArtifactsTest {
  private static final String AB =
      "verity_partition=\"true\" update_slots=\"2\" update_slot_size=\"1\" veritypartsize=\"1\"";

  @TempDir Path dir;

  private final TestImages images = new TestImages();

  private BuildResult build(Path desc, Path out, boolean artifacts) throws Exception {
    return new ImageBuilder(images.listener)
        .build(
            new BuildRequest(
                desc,
                LoadOptions.forArch(TestImages.ARCH),
                out,
                Optional.of(TestImages.SEED),
                Optional.empty(),
                Optional.of(Instant.ofEpochSecond(1700000000)),
                false,
                new BuildRequest.Update(artifacts, Optional.empty()),
                true,
                Optional.empty()));
  }

  @Test
  void testBuild_updateArtifacts_namedHashedAndTheBytesOfSlotA() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"), AB + " update_artifacts=\"true\" update_source=\"/srv/updates\"");
    BuildResult r = build(desc, dir.resolve("out"), false);
    Manifest m = r.manifest();
    assertEquals(2, m.updateArtifacts().size(), m.updateArtifacts().toString());
    List<String> sums = Files.readAllLines(dir.resolve("out/SHA256SUMS"));
    List<String> want = new ArrayList<>();
    for (Manifest.Artifact a : m.updateArtifacts()) {
      want.add(a.sha256() + "  " + a.file());
      Path f = dir.resolve("out").resolve(a.file());
      assertEquals(a.sha256(), Hex.encode(sha256(Files.readAllBytes(f))), a.file());
      Manifest.Partition p =
          m.partitions().stream().filter(x -> x.uuid().equals(a.partitionUuid())).findFirst().get();
      assertEquals(
          "t_1.0_" + p.uuid() + "." + a.part() + ".raw.zst", a.file(), "sysupdate's pattern");
      byte[] slot = new byte[(int) p.size()];
      try (var ch = java.nio.channels.FileChannel.open(r.image())) {
        ch.read(java.nio.ByteBuffer.wrap(slot), p.offset());
      }
      try (InputStream in = new ZstdInputStream(Files.newInputStream(f))) {
        assertArrayEquals(slot, in.readAllBytes(), a.file() + " decompresses to partition bytes");
      }
    }
    assertEquals(want, sums);
    assertEquals(
        m.rootHash().substring(0, 32), m.updateArtifacts().get(0).partitionUuid().replace("-", ""));
  }

  @Test
  void testBuild_transferDefinitionsInsideTheHashedRoot() throws Exception {
    Path desc =
        TestImages.description(
            dir.resolve("d"),
            AB + " update_source=\"https://example.org/u\" update_compression=\"xz\"");
    BuildResult r = build(desc, dir.resolve("out"), false);
    String root = new String(Files.readAllBytes(r.image()), StandardCharsets.ISO_8859_1);
    assertTrue(
        root.contains(
            "[Source]\nType=url-file\nPath=https://example.org/u\nMatchPattern=t_@v_@u.root.raw.xz\n"),
        "root transfer in the EROFS");
    assertTrue(root.contains("MatchPattern=t_@v_verity\nMatchPartitionType=root-x86-64-verity\n"));
    assertFalse(Files.exists(dir.resolve("out/SHA256SUMS")), "no artifacts unless asked");
  }

  @Test
  void testBuild_updateArtifacts_reproducible() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), AB);
    build(desc, dir.resolve("o1"), true);
    build(desc, dir.resolve("o2"), true);
    List<String> names;
    try (var s = Files.list(dir.resolve("o1"))) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(names.contains("SHA256SUMS"), names.toString());
    for (String n : names) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("o1").resolve(n)),
          Files.readAllBytes(dir.resolve("o2").resolve(n)),
          n);
    }
  }

  @Test
  void testBuild_updateArtifactsWithoutAb_refusedBeforeWriting() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), "verity_partition=\"true\"");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> build(desc, dir.resolve("out"), true));
    assertTrue(e.getMessage().contains("update_slots=\"2\""), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void testBuild_updateArtifactsWithDeferredSignature_refusedBeforeWriting() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), AB + " update_artifacts=\"true\"");
    Path out = dir.resolve("out");
    BuildRequest deferred =
        new BuildRequest(
            desc,
            LoadOptions.forArch(TestImages.ARCH)
                .withSigning(SigningOptions.NONE.withDeferredVerity(true)),
            out,
            Optional.of(TestImages.SEED),
            Optional.empty(),
            Optional.of(Instant.ofEpochSecond(1700000000)),
            false);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new ImageBuilder(images.listener).build(deferred));
    assertTrue(e.getMessage().contains("--defer-signature"), e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void testSparse_zeroChunksStayHoles() throws Exception {
    Path src = dir.resolve("src");
    byte[] data = new byte[1 << 20];
    Arrays.fill(data, 0, 100, (byte) 7);
    Files.write(src, data);
    Path dst = dir.resolve("dst");
    try (var in = java.nio.channels.FileChannel.open(src);
        var out =
            java.nio.channels.FileChannel.open(
                dst,
                java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
      PartitionCopy.Written w = PartitionCopy.sparse(in, 0, data.length, out);
      assertArrayEquals(sha256(data), w.sha256());
    }
    assertArrayEquals(data, Files.readAllBytes(dst));
    Process stat = new ProcessBuilder("stat", "--format=%b", dst.toString()).start();
    long blocks = Long.parseLong(new String(stat.getInputStream().readAllBytes()).trim());
    assertEquals(0, stat.waitFor());
    assertTrue(blocks * 512 < data.length / 2, "allocated " + blocks * 512 + " bytes");
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}
