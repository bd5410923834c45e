package dev.mkddi.gpt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

/** Tables, fixtures and byte surgery shared by the GPT tests. */
final class GptTestDisks {
  static final UUID DISK = UUID.fromString("6a1f2e3d-4c5b-4a69-8778-9a8b7c6d5e4f");
  static final UUID ROOT_X86 = UUID.fromString("4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
  static final UUID ROOT_X86_VERITY = UUID.fromString("2c7357ed-ebd2-46d9-aec1-23d437ec2bf5");
  static final UUID ESP = UUID.fromString("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
  static final UUID DATA = UUID.fromString("a3b50c16-cc38-3055-9dd9-53cc0f5179d1");
  static final UUID HASH = UUID.fromString("4d59c1fe-7e0d-48e6-e8e8-4d71883d92ce");
  static final UUID ESP_UUID = UUID.fromString("0c0ffee0-1234-4abc-8def-0123456789ab");

  private GptTestDisks() {}

  /** The table of fixture {@code sfdisk-512.img.gz}. */
  static GptTable sfdisk512() {
    return GptTable.create(
        512,
        8L << 20,
        DISK,
        List.of(
            new GptPartition(ROOT_X86, DATA, 2048, 6143, 1L << 60, "root-x86-64"),
            new GptPartition(ROOT_X86_VERITY, HASH, 6144, 8191, 1L | 1L << 63, "räksmörgås"),
            new GptPartition(ESP, ESP_UUID, 8192, 10239, 1L << 59, "x".repeat(36))));
  }

  /** The table of fixture {@code sfdisk-4096.img.gz}. */
  static GptTable sfdisk4096() {
    return GptTable.create(
        4096,
        8L << 20,
        DISK,
        List.of(
            new GptPartition(
                UUID.fromString("b921b045-1df0-41c3-af44-4c6f280d3fae"),
                DATA,
                256,
                767,
                1L << 60,
                "root-arm64"),
            new GptPartition(
                UUID.fromString("df3300ce-d69f-4c92-978c-9bfb0f38d820"),
                HASH,
                768,
                1023,
                1L << 60,
                "root-arm64-verity")));
  }

  /** Decompresses fixture {@code name} (a .gz under this package's resources) into dir. */
  static Path fixture(Path dir, String name) throws IOException {
    Path out = dir.resolve(name.replace(".gz", ""));
    try (InputStream in = GptTestDisks.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing fixture " + name);
      }
      Files.copy(new GZIPInputStream(in), out);
    }
    return out;
  }

  /** Writes {@code t} into a new file. */
  static Path write(Path dir, String name, GptTable t) throws IOException {
    Path p = dir.resolve(name);
    try (FileChannel ch =
        FileChannel.open(
            p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      GptWriter.write(ch, t);
    }
    return p;
  }

  /** Reads {@code path} with {@link GptReader}. */
  static GptReadResult read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return GptReader.read(ch, path.getFileName().toString());
    }
  }

  static byte[] bytes(Path p, long offset, int length) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(length);
      ch.read(b, offset);
      return b.array();
    }
  }

  static void patch(Path p, long offset, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), offset);
    }
  }

  static void patchLong(Path p, long offset, long value) throws IOException {
    patch(
        p,
        offset,
        ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array());
  }

  static void patchInt(Path p, long offset, int value) throws IOException {
    patch(
        p,
        offset,
        ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  static int crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return (int) c.getValue();
  }

  /** Recomputes the entry array CRC (array of {@code arrayBytes}) and header CRC at {@code lba}. */
  static void fixCrcs(Path p, int s, long headerLba, long entryLba, int arrayBytes)
      throws IOException {
    long h = headerLba * s;
    if (arrayBytes > 0) {
      patchInt(
          p,
          h + GptConstants.HEADER_ENTRY_ARRAY_CRC_OFFSET,
          crc(bytes(p, entryLba * s, arrayBytes)));
    }
    fixHeaderCrc(p, s, headerLba);
  }

  /** Recomputes the header CRC of the header at {@code lba} (92-byte header). */
  static void fixHeaderCrc(Path p, int s, long lba) throws IOException {
    long h = lba * s;
    patchInt(p, h + GptConstants.HEADER_CRC_OFFSET, 0);
    patchInt(p, h + GptConstants.HEADER_CRC_OFFSET, crc(bytes(p, h, GptConstants.HEADER_SIZE)));
  }
}
