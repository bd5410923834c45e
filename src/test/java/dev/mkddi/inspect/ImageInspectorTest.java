package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionType;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.RecordingListener;
import dev.mkddi.sidecar.SideFiles;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {
  private static final String ROOT_HASH =
      "a3b50c16cc3830559dd953cc0f5179d14d59c1fe7e0d48e6e8e84d71883d92ce";
  private static final String OTHER_HASH = "11".repeat(32);
  private static final UUID DATA = UUID.fromString("a3b50c16-cc38-3055-9dd9-53cc0f5179d1");
  private static final UUID HASH = UUID.fromString("4d59c1fe-7e0d-48e6-e8e8-4d71883d92ce");

  /** Only the GPT and the root-hash sources; partition content is not read. */
  private static final ImageInspector GPT_ONLY = new ImageInspector(List.of());

  @TempDir Path dir;

  private final RecordingListener listener = new RecordingListener();

  /** A signature's content, as a record. */
  private record Signature(String rootHash) {}

  private record Part(PartitionDesignator d, UUID uuid, String label) {}

  private static PartitionType type(PartitionDesignator d) {
    return PartitionTypes.lookup(d, Architecture.X86_64);
  }

  private Path disk(String name, Part... parts) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      sizes.add(1L << 20);
    }
    GptLayout l = GptLayout.plan(512, 4096, sizes);
    List<GptPartition> gpt = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      gpt.add(l.partition(i, type(parts[i].d).guid(), parts[i].uuid, 1L << 60, parts[i].label));
    }
    Path p = dir.resolve(name);
    try (FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      GptWriter.write(ch, l.table(UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd"), gpt));
    }
    return p;
  }

  private Path verityDisk() throws Exception {
    return disk(
        "img_1.raw",
        new Part(PartitionDesignator.ROOT, DATA, "img_1"),
        new Part(PartitionDesignator.ROOT_VERITY, HASH, "img_1_verity"),
        new Part(PartitionDesignator.ROOT_VERITY_SIG, UUID.randomUUID(), "img_1_verity_sig"));
  }

  /** Claims a root hash for every signature partition; fails on verity partitions. */
  private static final PartitionInspector FAKE_SIGNATURE =
      (ch, name, p) -> {
        if (p.type() != null && p.type().designator().isVerity()) {
          throw new InvalidInputException("verity superblock: bad magic");
        }
        if (p.type() == null || !p.type().designator().isVeritySignature()) {
          return Optional.empty();
        }
        return Optional.of(
            new PartitionDetails("signature", new Signature(OTHER_HASH), OTHER_HASH));
      };

  @Test
  void testInspect_describesPartitionsAndDerivesRootHashFromUuids() throws Exception {
    ImageReport r = GPT_ONLY.inspect(verityDisk(), listener);
    assertEquals(512, r.sectorSize());
    assertEquals(UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd"), r.diskGuid());
    assertFalse(r.backupGptUsed());
    assertEquals(3, r.partitions().size());
    InspectedPartition root = r.partitions().get(0);
    assertEquals(1, root.number());
    assertEquals("root-x86-64", root.type().name());
    assertEquals(1L << 20, root.offset());
    assertEquals(1L << 20, root.size());
    assertEquals(List.of("read-only"), root.flags());
    assertEquals("root-x86-64-verity", r.partitions().get(1).type().name());
    assertEquals(
        new RootHash(
            ROOT_HASH, RootHashSource.PARTITION_UUIDS, "the PARTUUIDs of partitions 1 and 2"),
        r.rootHash());
    assertEquals(List.of(), listener.warnings());
  }

  @Test
  void testInspect_sidecarWinsAndConflictIsWarned() throws Exception {
    Path img = verityDisk();
    Files.writeString(dir.resolve("img_1.roothash"), OTHER_HASH.toUpperCase() + "\n");
    ImageReport r = GPT_ONLY.inspect(img, listener);
    assertEquals(OTHER_HASH, r.rootHash().hex());
    assertEquals(RootHashSource.SIDECAR, r.rootHash().source());
    assertEquals(
        List.of(
            img
                + ": the root hash from the PARTUUIDs of partitions 1 and 2 ("
                + ROOT_HASH
                + ") differs from the one from "
                + dir.resolve("img_1.roothash")
                + " ("
                + OTHER_HASH
                + ")"),
        listener.warnings());
  }

  @Test
  void testInspect_badSidecarIsWarnedAndIgnored() throws Exception {
    Path img = verityDisk();
    Files.writeString(dir.resolve("img_1.roothash"), "not hex");
    ImageReport r = GPT_ONLY.inspect(img, listener);
    assertEquals(RootHashSource.PARTITION_UUIDS, r.rootHash().source());
    assertEquals(1, listener.warnings().size());
    assertTrue(
        listener.warnings().get(0).endsWith("(root hash sidecar ignored)"),
        listener.warnings().get(0));
  }

  @Test
  void testInspect_detailsFromPartitionInspectors() throws Exception {
    ImageReport r =
        new ImageInspector(List.of(FAKE_SIGNATURE, FAKE_SIGNATURE)).inspect(verityDisk(), listener);
    InspectedPartition sig = r.partitions().get(2);
    assertEquals(1, sig.details().size()); // the second one with the same key is dropped
    assertEquals("signature", sig.details().get(0).key());
    assertEquals(
        new RootHash(OTHER_HASH, RootHashSource.PARTITION_CONTENT, "the signature in partition 3"),
        r.rootHash());
    assertEquals(3, listener.warnings().size());
    assertTrue(
        listener
            .warnings()
            .get(0)
            .endsWith("img_1.raw: partition 2 (img_1_verity): verity superblock: bad magic"),
        listener.warnings().get(0));
    assertTrue(listener.warnings().get(2).contains("differs from the one from the signature"));
  }

  @Test
  void testInspect_emptySlotsAreNotPaired() throws Exception {
    Path img =
        disk(
            "ab.raw",
            new Part(PartitionDesignator.ROOT, DATA, "img_1"),
            new Part(PartitionDesignator.ROOT, UUID.randomUUID(), "_empty"),
            new Part(PartitionDesignator.ROOT_VERITY, HASH, "img_1_verity"),
            new Part(PartitionDesignator.ROOT_VERITY, UUID.randomUUID(), "_empty"));
    assertEquals(ROOT_HASH, GPT_ONLY.inspect(img, listener).rootHash().hex());
  }

  @Test
  void testInspect_nthDataPairsWithNthHash_asVerifyPairsThem() throws Exception {
    Path img =
        disk(
            "two.raw",
            new Part(PartitionDesignator.USR, DATA, "a"),
            new Part(PartitionDesignator.USR, UUID.randomUUID(), "b"),
            new Part(PartitionDesignator.USR_VERITY, HASH, "a_verity"));
    ImageReport r = GPT_ONLY.inspect(img, listener);
    assertEquals(ROOT_HASH, r.rootHash().hex());
    assertEquals(List.of(), r.otherSlots());
  }

  @Test
  void testInspect_twoFilledSlots_newestLabelBootsAndTheOtherIsReported() throws Exception {
    String newer = "22".repeat(16) + "33".repeat(16);
    byte[] other = Hex.decode("x", newer);
    Path img =
        disk(
            "ab.raw",
            new Part(PartitionDesignator.ROOT, DATA, "img_1.9"),
            new Part(PartitionDesignator.ROOT_VERITY, HASH, "img_1.9_verity"),
            new Part(PartitionDesignator.ROOT, VerityUuids.dataPartitionUuid(other), "img_1.10"),
            new Part(
                PartitionDesignator.ROOT_VERITY,
                VerityUuids.hashPartitionUuid(other),
                "img_1.10_verity"));
    ImageReport r = GPT_ONLY.inspect(img, listener);
    assertEquals(
        new RootHash(
            newer,
            RootHashSource.PARTITION_UUIDS,
            "the PARTUUIDs of partitions 3 and 4 (img_1.10)"),
        r.rootHash());
    assertEquals(List.of(ROOT_HASH), r.otherSlots().stream().map(RootHash::hex).toList());
    Files.writeString(dir.resolve("ab.roothash"), ROOT_HASH);
    ImageReport pinned = GPT_ONLY.inspect(img, listener);
    assertEquals(ROOT_HASH, pinned.rootHash().hex());
    assertEquals(RootHashSource.SIDECAR, pinned.rootHash().source());
    assertEquals(List.of(newer), pinned.otherSlots().stream().map(RootHash::hex).toList());
    assertEquals(List.of(), listener.warnings());
  }

  @Test
  void testInspect_usrPairWhenNoRoot() throws Exception {
    Path img =
        disk(
            "usr.raw",
            new Part(PartitionDesignator.USR, DATA, "a"),
            new Part(PartitionDesignator.USR_VERITY, HASH, "a_verity"));
    assertEquals(ROOT_HASH, GPT_ONLY.inspect(img, listener).rootHash().hex());
  }

  @Test
  void testInspect_backupUsedIsReportedAndWarned() throws Exception {
    Path img = verityDisk();
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(Hex.decode("x", "0000")), 512);
    }
    ImageReport r = GPT_ONLY.inspect(img, listener);
    assertTrue(r.backupGptUsed());
    assertEquals(3, r.partitions().size());
    assertEquals(1, listener.warnings().size());
    assertTrue(
        listener.warnings().get(0).contains("the primary GPT is damaged"),
        listener.warnings().get(0));
  }

  @Test
  void testSidecarPath_stripsRawSuffix() {
    assertEquals(
        Path.of("/x/a_1.2.roothash"),
        SideFiles.of(Path.of("/x/a_1.2.raw")).rootHashFile(PartitionDesignator.ROOT));
    assertEquals(
        Path.of("d.img.roothash"),
        SideFiles.of(Path.of("d.img")).rootHashFile(PartitionDesignator.ROOT));
  }
}
