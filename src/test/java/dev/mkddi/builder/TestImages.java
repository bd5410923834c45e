package dev.mkddi.builder;

import dev.mkddi.description.LoadOptions;
import dev.mkddi.gpt.GptPartition;
import dev.mkddi.gpt.GptReadResult;
import dev.mkddi.gpt.GptReader;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.gpt.GptWriter;
import dev.mkddi.inspect.ImageVerifier;
import dev.mkddi.inspect.InspectedPartition;
import dev.mkddi.io.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The one image-building helper of the tests: writes small descriptions, builds them with {@link
 * ImageBuilder} (recording the warnings), builds the standard test images for the verify and
 * cmdline tests, and damages copies of them. Public for the inspect and CLI tests.
 */
public final class TestImages {
  /** The seed of every test build. */
  public static final UUID SEED = UUID.fromString("750b6cd5-c4ae-4012-a15e-7be3c29e6a47");

  public final RecordingListener listener = new RecordingListener();

  /**
   * Writes {@code dir/config.xml} with a {@code <type>} carrying {@code typeAttributes} and {@code
   * typeChildren}, and a root/ overlay with a few files.
   */
  public static Path description(Path dir, String typeAttributes, String typeChildren)
      throws IOException {
    Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(dir.resolve("root/etc/hostname"), "test\n");
    Files.writeString(dir.resolve("root/etc/os-release"), "ID=test\nVERSION_ID=1\n");
    Files.writeString(
        dir.resolve("config.xml"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <image schemaversion="8.5" name="t">
          <description type="system">
            <author>a</author><contact>a@example.org</contact><specification>s</specification>
          </description>
          <preferences>
            <version>1.0</version>
            <type image="oem" %sverity_blocks="all" %s>%s</type>
          </preferences>
        </image>
        """
            .formatted(
                typeAttributes.contains("filesystem=") ? "" : "filesystem=\"erofs\" ",
                typeAttributes,
                typeChildren));
    return dir;
  }

  public static Path description(Path dir, String typeAttributes) throws IOException {
    return description(dir, typeAttributes, "");
  }

  public BuildResult build(Path description, Path target) throws IOException {
    return build(description, target, Optional.empty(), false);
  }

  public BuildResult build(
      Path description, Path target, Optional<java.time.Instant> epoch, boolean split)
      throws IOException {
    return build(description, target, epoch, split, true);
  }

  /** As {@code mkddi build --no-initrd-check}. */
  public BuildResult buildWithoutInitrdCheck(Path description, Path target) throws IOException {
    return build(description, target, Optional.empty(), false, false);
  }

  private BuildResult build(
      Path description,
      Path target,
      Optional<java.time.Instant> epoch,
      boolean split,
      boolean initrdCheck)
      throws IOException {
    BuildRequest r =
        new BuildRequest(
            description,
            LoadOptions.forArch("x86_64"),
            target,
            Optional.of(SEED),
            Optional.empty(),
            epoch,
            split,
            BuildRequest.Update.NONE,
            initrdCheck,
            Optional.empty());
    return new ImageBuilder(listener).build(r);
  }

  /** The x86-64 image of every test. */
  public static final String ARCH = "x86_64";

  /** Kinds of test image. */
  public enum Kind {
    /** Root + root-verity, unsigned. */
    UNSIGNED("verity_partition=\"true\""),
    /** Root + root-verity + root-verity-sig, signed with the sign package's test RSA key. */
    SIGNED(
        "verity_partition=\"true\" verity_signature_required=\"true\""
            + " verity_signature_key=\"keys/test-only-rsa.key\""
            + " verity_signature_certificate=\"keys/test-only-rsa.crt\""),
    /** A/B: slot A filled, slot B {@code _empty}. */
    AB("verity_partition=\"true\" update_slots=\"2\" update_slot_size=\"1\" veritypartsize=\"1\""),
    /** kiwi's layout: the hash tree inside the root partition after the file system. */
    IN_ROOT("verity_partition=\"false\""),
    /** kiwi's layout with its signed metadata block at the end of the root partition. */
    KIWI_EMBEDDED(
        "embed_verity_metadata=\"true\""
            + " verity_signature_key=\"keys/test-only-rsa.key\""
            + " verity_signature_certificate=\"keys/test-only-rsa.crt\"");

    private final String attributes;

    Kind(String attributes) {
      this.attributes = attributes;
    }
  }

  /**
   * Builds an image of a small tree (a few 4 KiB blocks of seeded random data).
   *
   * @param dir an empty directory
   * @param kind what to build
   * @return the image; its side files lie next to it
   */
  public static Path build(Path dir, Kind kind) throws IOException {
    Path desc = description(dir.resolve("desc"), kind.attributes);
    Files.createDirectories(desc.resolve("root/usr/lib"));
    byte[] data = new byte[9 * 4096 + 100];
    new Random(6).nextBytes(data);
    Files.write(desc.resolve("root/usr/lib/data.bin"), data);
    Files.createDirectories(desc.resolve("keys"));
    for (String f : List.of("test-only-rsa.key", "test-only-rsa.crt")) {
      Files.copy(signFixture(f), desc.resolve("keys").resolve(f));
    }
    return new TestImages().build(desc, dir.resolve("out")).image();
  }

  /**
   * Builds an {@link Kind#AB} image of version 1.0 and installs version 2.0 (other data, so other
   * PARTUUIDs) into its empty slot B the way systemd-sysupdate does: the partition bytes, the
   * PARTUUIDs of the update and the labels {@code t_2.0}, {@code t_2.0_verity}. The image's {@code
   * .roothash} file still names version 1.0.
   *
   * @param dir an empty directory
   * @return the image (version 1.0's name)
   */
  public static Path twoFilledSlots(Path dir) throws IOException {
    Path v1 = build(dir.resolve("v1"), Kind.AB);
    Path desc = description(dir.resolve("v2/desc"), Kind.AB.attributes);
    Path config = desc.resolve("config.xml");
    Files.writeString(
        config,
        Files.readString(config).replace("<version>1.0</version>", "<version>2.0</version>"));
    Files.writeString(desc.resolve("root/etc/os-release"), "ID=test\nVERSION_ID=2\n");
    Path v2 = new TestImages().build(desc, dir.resolve("v2/out")).image();
    List<InspectedPartition> from = partitions(v2);
    List<InspectedPartition> to = partitions(v1);
    try (FileChannel in = FileChannel.open(v2, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(v1, StandardOpenOption.WRITE)) {
      for (int i = 0; i < 2; i++) {
        InspectedPartition src = from.get(i);
        InspectedPartition dst = to.get(i + 2);
        if (src.size() > dst.size()) {
          throw new IllegalStateException("slot B is smaller than version 2.0's partition " + i);
        }
        in.transferTo(src.offset(), src.size(), out.position(dst.offset()));
      }
    }
    rewriteGpt(
        v1,
        ps -> {
          ps.set(2, with(ps.get(2), from.get(0).uuid(), "t_2.0"));
          ps.set(3, with(ps.get(3), from.get(1).uuid(), "t_2.0_verity"));
          return ps;
        });
    return v1;
  }

  /**
   * @param name a file of {@code src/test/resources/dev/mkddi/sign/}
   * @return its path
   */
  public static Path signFixture(String name) {
    try {
      return Path.of(TestImages.class.getResource("/dev/mkddi/sign/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies an image and its side files into another directory.
   *
   * @param image the image
   * @param dir the target directory
   * @return the copy of the image
   */
  public static Path copy(Path image, Path dir) throws IOException {
    String base = image.getFileName().toString().replaceFirst("\\.raw$", "");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(image.getParent())) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().startsWith(base + ".")) {
          Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return dir.resolve(image.getFileName());
  }

  /**
   * Flips all bits of one byte.
   *
   * @param image the file
   * @param offset where
   */
  public static void flip(Path image, long offset) throws IOException {
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) ~b.get(0)).rewind();
      ch.write(b, offset);
    }
  }

  /**
   * @param image an image
   * @return its partitions (no details)
   */
  public static List<InspectedPartition> partitions(Path image) throws IOException {
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      return ImageVerifier.partitions(GptReader.read(ch, image.toString()));
    }
  }

  /**
   * Rewrites the GPT (both copies, valid CRCs) with changed partitions.
   *
   * @param image the image
   * @param change maps the partition list to the new one
   */
  public static void rewriteGpt(Path image, UnaryOperator<List<GptPartition>> change)
      throws IOException {
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      GptReadResult read = GptReader.read(ch, image.toString());
      GptTable t = read.table();
      List<GptPartition> parts = change.apply(new ArrayList<>(t.partitions()));
      GptWriter.write(
          ch,
          new GptTable(
              t.sectorSize(),
              t.totalSectors(),
              t.diskGuid(),
              t.firstUsableLba(),
              t.lastUsableLba(),
              parts));
    }
  }

  /**
   * @param p a partition
   * @param uuid its new PARTUUID
   * @param label its new label
   * @return the changed partition
   */
  public static GptPartition with(GptPartition p, UUID uuid, String label) {
    return new GptPartition(p.typeGuid(), uuid, p.firstLba(), p.lastLba(), p.attributes(), label);
  }

  /**
   * Gives GPT entry {@code to} the PARTUUID of entry {@code from} in both copies of the table, with
   * valid CRCs (which {@link GptWriter} refuses to write). 512-byte sectors only.
   *
   * @param image the image
   * @param from entry index whose PARTUUID is copied
   * @param to entry index that receives it
   */
  public static void duplicateUuid(Path image, int from, int to) throws IOException {
    int sector = 512;
    try (FileChannel ch =
        FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long backupLba = (ch.size() / sector) - 1;
      for (long headerLba : new long[] {1, backupLba}) {
        ByteBuffer h = ByteBuffer.allocate(92).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ch.read(h, headerLba * sector);
        long entriesAt = h.getLong(72) * sector;
        int count = h.getInt(80);
        int size = h.getInt(84);
        ByteBuffer e = ByteBuffer.allocate(count * size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        ch.read(e, entriesAt);
        byte[] uuid = new byte[16];
        e.get(from * size + 16, uuid);
        e.put(to * size + 16, uuid);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(e.array());
        h.putInt(88, (int) crc.getValue());
        h.putInt(16, 0);
        crc.reset();
        crc.update(h.array(), 0, h.getInt(12));
        h.putInt(16, (int) crc.getValue());
        ch.write(e.rewind(), entriesAt);
        ch.write(h.rewind(), headerLba * sector);
      }
    }
  }

  /** Reads a resource fully (for tests that need the bytes). */
  public static byte[] signFixtureBytes(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/dev/mkddi/sign/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
