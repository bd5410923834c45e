package dev.mkddi.swap;

import static dev.mkddi.swap.SwapConstants.*;

import dev.mkddi.io.DerivedUuid;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.VolumeLabel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The first page of a swap area as {@code mkswap} (util-linux) writes it on a little-endian
 * machine: zeros, version 1, the last usable page, no bad pages, the UUID and label, and {@code
 * SWAPSPACE2} at the end of the page. Immutable.
 *
 * @param pageSize the page size of the machines that will use it (4096 on x86-64)
 * @param lastPage the index of the last page, {@code size / pageSize - 1}
 * @param uuid the UUID
 * @param label the label, at most 15 bytes of UTF-8
 */
public record SwapHeader(int pageSize, long lastPage, UUID uuid, String label) {
  /** The longest label mkswap writes, in bytes of UTF-8 (the field holds a NUL after it). */
  public static final int MAX_LABEL_BYTES = SwapConstants.MAX_LABEL_BYTES;

  /**
   * @param pageSize a power of two from 4096 to 65536
   * @param lastPage at least 9 (ten pages), below 2^32
   * @param uuid the UUID
   * @param label at most 15 bytes without NUL (mkswap truncates longer ones to keep a NUL)
   * @throws IllegalArgumentException when a field is out of range
   */
  public SwapHeader {
    if (Integer.bitCount(pageSize) != 1 || pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page size " + pageSize + ": expected a power of two from 4096 to 65536");
    }
    if (lastPage < MIN_PAGES - 1 || lastPage > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "a swap area of "
              + (lastPage + 1)
              + " pages: mkswap wants at least "
              + MIN_PAGES
              + " and at most 2^32");
    }
    label = label == null ? "" : label;
    VolumeLabel.check(label, MAX_LABEL_BYTES);
  }

  /**
   * A header for a swap area of {@code sizeBytes} (whole pages; mkswap ignores a partial one).
   *
   * @param sizeBytes the area's size
   * @param pageSize the page size
   * @param uuid the UUID, or null to derive it from {@code seed} and the label (or, without a seed,
   *     from the size, page size and label)
   * @param seed the seed when {@code uuid} is null, or null
   * @param label the label
   * @return the header
   * @throws InvalidInputException when the size, page size or label is out of range
   */
  public static SwapHeader of(
      long sizeBytes, int pageSize, @Nullable UUID uuid, @Nullable UUID seed, String label)
      throws InvalidInputException {
    String l = label == null ? "" : label;
    UUID u =
        uuid != null
            ? uuid
            : seed != null
                ? DerivedUuid.of("mkddi:swap:uuid", seed, l)
                : DerivedUuid.of("mkddi:swap:" + sizeBytes + ":" + pageSize, new UUID(0, 0), l);
    try {
      return new SwapHeader(pageSize, Math.floorDiv(sizeBytes, Math.max(1, pageSize)) - 1, u, l);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * @return the first page of the swap area
   */
  public ByteBuffer encode() {
    ByteBuffer b = LittleEndian.allocate(pageSize);
    b.putInt(VERSION_OFFSET, VERSION)
        .putInt(LAST_PAGE_OFFSET, (int) lastPage)
        .putInt(NR_BADPAGES_OFFSET, 0)
        .put(LABEL_OFFSET, label.getBytes(StandardCharsets.UTF_8))
        .put(pageSize - MAGIC_LENGTH, MAGIC);
    b.duplicate()
        .order(ByteOrder.BIG_ENDIAN)
        .putLong(UUID_OFFSET, uuid.getMostSignificantBits())
        .putLong(UUID_OFFSET + 8, uuid.getLeastSignificantBits());
    return b;
  }

  /**
   * Writes the first page at {@code offset}; the rest of the area is not touched.
   *
   * @param ch the output
   * @param offset where the swap area starts
   * @throws IOException on a write failure
   */
  public void write(FileChannel ch, long offset) throws IOException {
    PositionalIo.writeFully(ch, encode(), offset);
  }

  /**
   * @param page the first page of a swap area (its length is the page size)
   * @param file the file, for messages
   * @return the header
   * @throws FormatException when it is not a version 1 swap header
   */
  public static SwapHeader decode(ByteBuffer page, String file) throws FormatException {
    ByteBuffer b = page.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = b.limit();
    byte[] magic = new byte[MAGIC_LENGTH];
    b.get(size - MAGIC_LENGTH, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new FormatException(file, size - MAGIC_LENGTH, "swap magic", "expected SWAPSPACE2");
    }
    if (b.getInt(VERSION_OFFSET) != VERSION) {
      throw new FormatException(
          file, VERSION_OFFSET, "swap version", "expected 1, got " + b.getInt(VERSION_OFFSET));
    }
    byte[] label = new byte[LABEL_LENGTH];
    b.get(LABEL_OFFSET, label);
    int len = 0;
    while (len < label.length && label[len] != 0) {
      len++;
    }
    ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    try {
      return new SwapHeader(
          size,
          LittleEndian.unsigned(b.getInt(LAST_PAGE_OFFSET)),
          new UUID(be.getLong(UUID_OFFSET), be.getLong(UUID_OFFSET + 8)),
          new String(label, 0, len, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          file, LAST_PAGE_OFFSET, "swap header", String.valueOf(e.getMessage()));
    }
  }
}
