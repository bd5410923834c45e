package dev.mkddi.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.it.Tools;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our GPT writer against the tools: sfdisk writes the same table (same disk GUID, partition UUIDs,
 * names, places and attributes) and every GPT byte must be identical; sgdisk -v and systemd-dissect
 * must accept our disks; 4096-byte sectors through {@code losetup -b 4096}.
 *
 * <p>No differences remain: the protective MBR (no boot code, no disk signature, CHS 0/0/2 to
 * FF/FF/FF), both headers and both entry arrays are byte-identical to util-linux 2.38's.
 */
class GptIT {
  private static final List<String> NAMES =
      List.of("root-x86-64", "p.lxroot", "_empty", "räksmörgås", "x".repeat(36), "日本語", "");
  private static final long[] ATTRIBUTE_BITS = {0, 1, 2, 48, 55, 59, 60, 62, 63};

  @TempDir Path dir;

  /** A random table with DPS types, placed by {@link GptLayout}. */
  private static GptTable randomTable(long seed, int s) throws Exception {
    Random rnd = new Random(seed);
    List<Long> sizes = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
      sizes.add(rnd.nextBoolean() ? (1L + rnd.nextInt(8)) << 20 : 1L + rnd.nextInt(5 << 20));
    }
    GptLayout layout =
        GptLayout.plan(s, rnd.nextBoolean() ? 1 << 20 : 4096L << rnd.nextInt(8), sizes);
    List<PartitionType> types = PartitionTypes.all();
    List<GptPartition> parts = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      long attrs = 0;
      for (long bit : ATTRIBUTE_BITS) {
        attrs |= rnd.nextInt(3) == 0 ? 1L << bit : 0;
      }
      parts.add(
          layout.partition(
              i,
              types.get(rnd.nextInt(types.size())).guid(),
              new UUID(rnd.nextLong(), rnd.nextLong()),
              attrs,
              NAMES.get(rnd.nextInt(NAMES.size()))));
    }
    return layout.table(new UUID(rnd.nextLong(), rnd.nextLong()), parts);
  }

  /** The same table as an sfdisk script. */
  private static String sfdiskScript(GptTable t) {
    StringBuilder sb = new StringBuilder("label: gpt\nlabel-id: " + t.diskGuid() + "\n");
    for (GptPartition p : t.partitions()) {
      List<String> attrs = new ArrayList<>();
      List<String> guidBits = new ArrayList<>();
      for (int bit = 0; bit < 64; bit++) {
        if ((p.attributes() & (1L << bit)) != 0) {
          switch (bit) {
            case 0 -> attrs.add("RequiredPartition");
            case 1 -> attrs.add("NoBlockIOProtocol");
            case 2 -> attrs.add("LegacyBIOSBootable");
            default -> guidBits.add(Integer.toString(bit));
          }
        }
      }
      if (!guidBits.isEmpty()) {
        attrs.add("GUID:" + String.join(",", guidBits));
      }
      sb.append("start=")
          .append(p.firstLba())
          .append(", size=")
          .append(p.sectors())
          .append(", type=")
          .append(p.typeGuid())
          .append(", uuid=")
          .append(p.uniqueGuid())
          .append(", name=\"")
          .append(p.name())
          .append('"')
          .append(attrs.isEmpty() ? "" : ", attrs=\"" + String.join(" ", attrs) + "\"")
          .append('\n');
    }
    return sb.toString();
  }

  private Path ours(GptTable t) throws Exception {
    Path p = dir.resolve("ours.img");
    try (FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      GptWriter.write(ch, t);
    }
    return p;
  }

  /** Runs sfdisk on {@code target} (a file or a loop device) with the table's script. */
  private void sfdisk(GptTable t, String target) throws Exception {
    Path script = dir.resolve("script");
    Files.writeString(script, sfdiskScript(t));
    Tools.run(
            "sh",
            "-c",
            "sfdisk -q --no-reread --no-tell-kernel '" + target + "' < '" + script + "'")
        .ok();
  }

  /** Attaches a loop device with this logical sector size and partition scanning. */
  private static String loop(Path file, int sectorSize) throws Exception {
    return Tools.run(
            "losetup", "-P", "-b", Integer.toString(sectorSize), "-f", "--show", file.toString())
        .ok()
        .stdout()
        .trim();
  }

  private static byte[] read(Path p, long offset, int length) throws Exception {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(length);
      ch.read(b, offset);
      return b.array();
    }
  }

  /** Compares the five GPT areas, then the whole files. */
  private static void assertSameGpt(Path sfdisk, Path ours, GptTable t) throws Exception {
    int s = t.sectorSize();
    long total = t.totalSectors();
    long backupArray = total - 1 - GptConstants.entryArraySectors(s);
    String[] names = {
      "protective MBR",
      "primary header",
      "primary entry array",
      "backup entry array",
      "backup header"
    };
    long[] offsets = {0, s, 2L * s, backupArray * s, (total - 1) * s};
    int[] lengths = {s, s, GptConstants.ENTRY_ARRAY_SIZE, GptConstants.ENTRY_ARRAY_SIZE, s};
    for (int i = 0; i < names.length; i++) {
      assertEquals(
          HexFormat.of().formatHex(read(sfdisk, offsets[i], lengths[i])),
          HexFormat.of().formatHex(read(ours, offsets[i], lengths[i])),
          names[i] + " differs; sfdisk script:\n" + sfdiskScript(t));
    }
    assertEquals(Files.size(sfdisk), Files.size(ours));
    assertEquals(-1, Files.mismatch(sfdisk, ours), "bytes outside the GPT areas differ");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void testWrite_sameBytesAsSfdisk512(long seed) throws Exception {
    Tools.require("sfdisk");
    GptTable t = randomTable(seed, 512);
    Path theirs = dir.resolve("sfdisk.img");
    try (FileChannel ch =
        FileChannel.open(theirs, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.truncate(0).write(ByteBuffer.allocate(1), t.diskSize() - 1);
    }
    sfdisk(t, theirs.toString());
    assertSameGpt(theirs, ours(t), t);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void testWrite_sameBytesAsSfdisk4096(long seed) throws Exception {
    Tools.require("sfdisk", "losetup");
    Tools.requireRoot();
    GptTable t = randomTable(seed, 4096);
    Path theirs = dir.resolve("sfdisk.img");
    try (FileChannel ch =
        FileChannel.open(theirs, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(1), t.diskSize() - 1);
    }
    String dev = loop(theirs, 4096);
    try {
      sfdisk(t, dev);
    } finally {
      Tools.run("losetup", "-d", dev);
    }
    assertSameGpt(theirs, ours(t), t);
  }

  @ParameterizedTest
  @ValueSource(ints = {512, 4096})
  void testWrite_sgdiskVerifiesClean(int s) throws Exception {
    Tools.require("sgdisk", "losetup");
    Tools.requireRoot();
    Path p = ours(randomTable(21, s));
    String dev = loop(p, s);
    try {
      Tools.Result r = Tools.run("sgdisk", "-v", dev).ok();
      assertTrue(r.stdout().contains("No problems found."), r.stdout());
    } finally {
      Tools.run("losetup", "-d", dev);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {512, 4096})
  void testWrite_systemdDissectReadsOurDdi(int s) throws Exception {
    Tools.require("systemd-dissect", "mksquashfs", "mkfs.fat", "veritysetup", "losetup");
    Tools.requireRoot();
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("hello"), "hello\n");
    Path root = dir.resolve("root.sqfs");
    Path hash = dir.resolve("root.verity");
    Path esp = dir.resolve("esp.vfat");
    Tools.run("mksquashfs", tree.toString(), root.toString(), "-quiet", "-noappend").ok();
    Tools.run("mkfs.fat", "-C", "-S", Integer.toString(s), esp.toString(), "4096").ok();
    String out = Tools.run("veritysetup", "format", root.toString(), hash.toString()).ok().stdout();
    String rootHash = out.replaceAll("(?s).*Root hash:\\s*([0-9a-f]+).*", "$1");
    byte[] rh = HexFormat.of().parseHex(rootHash);

    Path[] contents = {esp, root, hash};
    List<Long> sizes = new ArrayList<>();
    for (Path c : contents) {
      sizes.add(Files.size(c));
    }
    GptLayout l = GptLayout.plan(s, 4096, sizes);
    long ro = GptAttribute.READ_ONLY.mask();
    UUID espUuid = UUID.fromString("0c0ffee0-1234-4abc-8def-0123456789ab");
    List<GptPartition> parts =
        List.of(
            l.partition(
                0, PartitionTypes.lookup(PartitionDesignator.ESP, null).guid(), espUuid, 0, "esp"),
            l.partition(
                1,
                PartitionTypes.lookup("root", "x86_64").guid(),
                VerityUuids.dataPartitionUuid(rh),
                ro,
                "ddi_1"),
            l.partition(
                2,
                PartitionTypes.lookup("root-verity", "x86_64").guid(),
                VerityUuids.hashPartitionUuid(rh),
                ro,
                "ddi_1_verity"));
    Path ddi = dir.resolve("ddi.raw");
    try (FileChannel ch =
        FileChannel.open(
            ddi,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      for (int i = 0; i < contents.length; i++) {
        ch.write(ByteBuffer.wrap(Files.readAllBytes(contents[i])), l.extents().get(i).offset());
      }
      GptWriter.write(ch, l.table(UUID.randomUUID(), parts));
    }
    Files.writeString(dir.resolve("ddi.roothash"), rootHash + "\n");
    String target = ddi.toString();
    String dev = s == 4096 ? loop(ddi, s) : null;
    try {
      Tools.Result r =
          Tools.run(
                  "systemd-dissect",
                  "--json=short",
                  "--root-hash=" + rootHash,
                  dev != null ? dev : target)
              .ok();
      JsonNode mounts = new ObjectMapper().readTree(r.stdout()).get("mounts");
      assertEquals(3, mounts.size(), r.stdout());
      for (JsonNode m : mounts) {
        switch (m.get("designator").asText()) {
          case "root" -> {
            assertEquals(
                VerityUuids.dataPartitionUuid(rh).toString(), m.get("partition_uuid").asText());
            assertEquals("squashfs", m.get("fstype").asText());
            assertEquals("yes", m.get("verity").asText());
            assertEquals("x86-64", m.get("architecture").asText());
            assertEquals(2, m.get("partno").asInt());
          }
          case "root-verity" ->
              assertEquals(
                  VerityUuids.hashPartitionUuid(rh).toString(), m.get("partition_uuid").asText());
          case "esp" -> {
            assertEquals(espUuid.toString(), m.get("partition_uuid").asText());
            assertEquals("vfat", m.get("fstype").asText());
          }
          default -> throw new AssertionError("unexpected partition " + m);
        }
      }
    } finally {
      if (dev != null) {
        Tools.run("losetup", "-d", dev);
      }
    }
    Tools.Result j = Tools.mkddi("inspect", "--json", ddi.toString()).ok();
    JsonNode report = new ObjectMapper().readTree(j.stdout());
    assertEquals(rootHash, report.get("rootHash").asText());
    assertEquals("sidecar", report.get("rootHashSource").asText());
    assertEquals(s, report.get("sectorSize").asInt());
    assertArrayEquals(new byte[0], j.stderr().getBytes(), j.stderr());
  }
}
