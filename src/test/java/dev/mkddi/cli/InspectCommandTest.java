package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.inspect.ImageReport;
import dev.mkddi.inspect.InspectedPartition;
import dev.mkddi.inspect.PartitionDetails;
import dev.mkddi.inspect.RootHash;
import dev.mkddi.inspect.RootHashSource;
import dev.mkddi.io.ExitCode;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  private static final UUID DISK = UUID.fromString("6a1f2e3d-4c5b-4a69-8778-9a8b7c6d5e4f");

  @TempDir Path dir;

  private Path disk() throws Exception {
    Path p = dir.resolve("d.raw");
    GptTable t =
        GptTable.create(
            512,
            8L << 20,
            DISK,
            List.of(
                new GptPartition(
                    UUID.fromString("4f68bce3-e8cd-4db1-96e7-fbcaf984b709"),
                    UUID.fromString("a3b50c16-cc38-3055-9dd9-53cc0f5179d1"),
                    2048,
                    6143,
                    1L << 60,
                    "root-x86-64"),
                new GptPartition(
                    UUID.fromString("2c7357ed-ebd2-46d9-aec1-23d437ec2bf5"),
                    UUID.fromString("4d59c1fe-7e0d-48e6-e8e8-4d71883d92ce"),
                    6144,
                    8191,
                    1L | 1L << 63,
                    "räksmörgås"),
                new GptPartition(
                    UUID.fromString("21686148-6449-6e6f-744e-656564454649"),
                    UUID.fromString("0c0ffee0-1234-4abc-8def-0123456789ab"),
                    8192,
                    10239,
                    0,
                    "")));
    try (FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      GptWriter.write(ch, t);
    }
    return p;
  }

  @Test
  void testJson_contract() throws Exception {
    CliRun r = new CliRun("inspect", "--json", disk().toString());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    JsonNode j = new ObjectMapper().readTree(r.out.toString());
    assertEquals(512, j.get("sectorSize").asInt());
    assertEquals(DISK.toString(), j.get("diskGuid").asText());
    assertEquals(
        "a3b50c16cc3830559dd953cc0f5179d14d59c1fe7e0d48e6e8e84d71883d92ce",
        j.get("rootHash").asText());
    assertEquals("partition-uuids", j.get("rootHashSource").asText());
    JsonNode p1 = j.get("partitions").get(0);
    assertEquals(1, p1.get("number").asInt());
    assertEquals("4f68bce3-e8cd-4db1-96e7-fbcaf984b709", p1.get("typeGuid").asText());
    assertEquals("root-x86-64", p1.get("typeName").asText());
    assertEquals("root", p1.get("designator").asText());
    assertEquals("x86-64", p1.get("architecture").asText());
    assertEquals("a3b50c16-cc38-3055-9dd9-53cc0f5179d1", p1.get("uuid").asText());
    assertEquals("root-x86-64", p1.get("label").asText());
    assertEquals(1048576, p1.get("offset").asLong());
    assertEquals(2097152, p1.get("size").asLong());
    assertEquals("0x1000000000000000", p1.get("attributes").asText());
    assertEquals("[\"read-only\"]", p1.get("flags").toString());
    JsonNode p2 = j.get("partitions").get(1);
    assertEquals("räksmörgås", p2.get("label").asText());
    assertEquals("[\"required\",\"no-auto\"]", p2.get("flags").toString());
    JsonNode p3 = j.get("partitions").get(2);
    assertTrue(p3.get("typeName").isNull());
    assertTrue(p3.get("designator").isNull());
    assertTrue(p3.get("architecture").isNull());
    assertEquals("0x0000000000000000", p3.get("attributes").asText());
  }

  @Test
  void testText_tableLikeSystemdDissect() throws Exception {
    Path d = disk();
    CliRun r = new CliRun("inspect", d.toString());
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    String[] lines = r.out.toString().split("\n");
    assertEquals("Image:     " + d, lines[0]);
    assertEquals("Disk:      8.0M (8388608 bytes), 512-byte sectors", lines[1]);
    assertEquals(
        "NO DESIGNATOR                           ARCH   LABEL       PARTUUID"
            + "                              OFFSET SIZE FLAGS",
        lines[4]);
    assertEquals(
        " 1 root                                 x86-64 root-x86-64"
            + " a3b50c16-cc38-3055-9dd9-53cc0f5179d1 1048576 2.0M read-only",
        lines[5]);
    assertTrue(lines[7].startsWith(" 3 21686148-6449-6e6f-744e-656564454649 -      -  "), lines[7]);
    assertTrue(r.out.toString().contains("\nRoot hash: a3b50c16cc38"), r.out.toString());
  }

  @Test
  void testInspect_garbageIsOneLineExit2() throws Exception {
    Path p = dir.resolve("garbage.raw");
    Files.write(p, new byte[8192]);
    CliRun r = new CliRun("inspect", p.toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(
        r.err.toString().startsWith("mkddi: " + p + ": offset 512: GPT header signature:"),
        r.err.toString());
    assertEquals(1, r.err.toString().lines().count(), r.err.toString());
  }

  @Test
  void testInspect_missingOrDirectoryIsExit2() {
    CliRun r = new CliRun("inspect", dir.resolve("nope.raw").toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi: " + dir.resolve("nope.raw") + ": no such file or device\n", r.err.toString());
    r = new CliRun("inspect", dir.toString());
    assertEquals(ExitCode.INVALID_INPUT, r.code);
  }

  /** What a partition inspector found, as a record. */
  private record Verity(String algorithm, long dataBlocks) {}

  @Test
  void testOutput_showsDetailsOfPartitionInspectors() {
    PartitionDetails verity = new PartitionDetails("verity", new Verity("sha256", 2560L), null);
    InspectedPartition p =
        new InspectedPartition(3, DISK, null, DISK, "v", 4096, 8192, 0, List.of(verity));
    ImageReport r =
        new ImageReport(
            "x.raw",
            4096,
            1 << 20,
            DISK,
            true,
            List.of(p),
            new RootHash("ab", RootHashSource.SIDECAR, "x.roothash"),
            List.of());
    String text = InspectOutput.text(r);
    assertTrue(text.contains("\nPartition 3 verity:\n  "), text);
    assertTrue(text.contains("\n  algorithm:  sha256\n"), text);
    assertTrue(text.contains("\n  dataBlocks: 2560\n"), text);
    assertTrue(text.endsWith("\nRoot hash: ab\n           from x.roothash\n"), text);
    String json = InspectOutput.json(r);
    assertTrue(json.contains("\"verity\":{"), json);
    assertTrue(json.contains("\"dataBlocks\":2560"), json);
    assertTrue(json.contains("\"rootHashSource\":\"sidecar\""), json);
  }

  @Test
  void testHumanSize_likeSystemd() {
    assertEquals("512B", InspectOutput.humanSize(512));
    assertEquals("1.0K", InspectOutput.humanSize(1024));
    assertEquals("34.0M", InspectOutput.humanSize(34L << 20));
    assertEquals("1.5G", InspectOutput.humanSize(3L << 29));
    assertEquals("7.9E", InspectOutput.humanSize(Long.MAX_VALUE));
  }
}
