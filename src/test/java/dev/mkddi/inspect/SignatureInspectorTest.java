package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.gpt.GptLayout;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.gpt.PartitionDesignator;
import dev.mkddi.gpt.PartitionTypes;
import dev.mkddi.io.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureInspectorTest {
  /** Root hash signed in the sign package's vector {@code rsa-sig-partition.bin}. */
  private static final String SIGNED_HASH;

  static {
    try (InputStream in = resource("roothash.txt")) {
      SIGNED_HASH = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @TempDir Path dir;

  private final RecordingListener listener = new RecordingListener();

  private static InputStream resource(String name) {
    return SignatureInspectorTest.class.getResourceAsStream("/dev/mkddi/sign/" + name);
  }

  private Path diskWithSignature(byte[] sigContent) throws Exception {
    return diskWithSignature(sigContent, "root-verity-sig");
  }

  private Path diskWithSignature(byte[] sigContent, String sigLabel) throws Exception {
    GptLayout l = GptLayout.plan(512, 4096, List.of(1L << 20, 16384L));
    List<GptPartition> parts = new ArrayList<>();
    parts.add(
        l.partition(
            0,
            PartitionTypes.lookup(PartitionDesignator.ROOT, Architecture.X86_64).guid(),
            UUID.fromString("11111111-2222-4333-8444-555555555555"),
            0,
            "root"));
    parts.add(
        l.partition(
            1,
            PartitionTypes.lookup(PartitionDesignator.ROOT_VERITY_SIG, Architecture.X86_64).guid(),
            UUID.fromString("21111111-2222-4333-8444-555555555555"),
            0,
            sigLabel));
    Path p = dir.resolve("sig.raw");
    try (FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(sigContent), l.extents().get(1).offset());
      GptWriter.write(ch, l.table(UUID.fromString("1d2ce291-7cce-4f7d-bc83-fdb49ad74ebd"), parts));
    }
    return p;
  }

  @Test
  void testInspect_signaturePartitionFieldsAndRootHash() throws Exception {
    byte[] content;
    try (InputStream in = resource("rsa-sig-partition.bin")) {
      content = in.readAllBytes();
    }
    ImageReport r = ImageInspector.standard().inspect(diskWithSignature(content), listener);
    PartitionDetails d = r.partitions().get(1).details().get(0);
    assertEquals("signature", d.key());
    assertEquals(SIGNED_HASH, d.fields().get("rootHash"));
    assertEquals(Boolean.TRUE, d.fields().get("signatureValid"));
    assertTrue(String.valueOf(d.fields().get("signer")).contains("CN="), d.fields().toString());
    assertEquals(SIGNED_HASH, r.rootHash().hex());
    assertEquals(RootHashSource.PARTITION_CONTENT, r.rootHash().source());
    assertEquals(List.of(), listener.warnings());
  }

  @Test
  void testInspect_emptySignaturePartitionIsWarned() throws Exception {
    ImageReport r = ImageInspector.standard().inspect(diskWithSignature(new byte[0]), listener);
    assertTrue(r.partitions().get(1).details().isEmpty());
    assertEquals(1, listener.warnings().size(), listener.warnings().toString());
  }

  @Test
  void testInspect_emptySlotsAllNulSignaturePartitionIsEmptyNotWarned() throws Exception {
    ImageReport r =
        ImageInspector.standard().inspect(diskWithSignature(new byte[0], "_empty"), listener);
    PartitionDetails d = r.partitions().get(1).details().get(0);
    assertEquals("signature", d.key());
    assertEquals("empty A/B slot: all NUL, reserved", d.fields().get("state"));
    assertEquals(List.of(), listener.warnings());
  }

  @Test
  void testInspect_emptySlotWithContentIsStillRead() throws Exception {
    ImageReport r =
        ImageInspector.standard().inspect(diskWithSignature(new byte[] {'{'}, "_empty"), listener);
    assertTrue(r.partitions().get(1).details().isEmpty());
    assertEquals(1, listener.warnings().size(), listener.warnings().toString());
  }
}
