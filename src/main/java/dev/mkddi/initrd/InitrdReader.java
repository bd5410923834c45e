package dev.mkddi.initrd;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.FormatException;
import dev.mkddi.io.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads an initrd the way the kernel unpacks it (init/initramfs.c): cpio "newc" archives one after
 * another, NUL padding between them skipped, and where the next bytes are a compressor's magic
 * instead of a cpio header, the rest of the file decompressed and read as more archives. So the
 * usual layouts read: one compressed archive; an uncompressed early-microcode archive in front of a
 * compressed one (dracut, initramfs-tools); several archives in one compressed stream.
 *
 * <p>Streaming: {@link #next()} returns the next entry's metadata and {@link #content()} its data;
 * nothing beyond one entry's data (and a symlink's target) is held in memory. Data after the end of
 * a compressed stream is not read (the kernel would go on; no initrd tool writes any). The checksum
 * of {@code 070702} archives is not verified. Not thread-safe.
 */
public final class InitrdReader implements Closeable {
  private final String name;
  private final PositionedInput raw;
  private PositionedInput current;
  private InitrdCompression compression = InitrdCompression.NONE;
  private long compressedAt;
  private int archive;
  private boolean archiveOpen;
  private long remaining;
  private boolean done;

  private InitrdReader(String name, InputStream in) {
    this.name = name;
    this.raw = new PositionedInput(in);
    this.current = raw;
  }

  /**
   * @param file the initrd
   * @return a reader positioned before the first entry
   * @throws IOException when the file cannot be opened
   */
  public static InitrdReader open(Path file) throws IOException {
    return new InitrdReader(
        file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  /**
   * @param name how messages name the stream
   * @param in the initrd's bytes
   * @return a reader positioned before the first entry
   */
  public static InitrdReader of(String name, InputStream in) {
    return new InitrdReader(name, in);
  }

  /**
   * Moves to the next entry, skipping what is left of the current one's data.
   *
   * @return the entry, or empty at the end of the initrd
   * @throws FormatException when the initrd is malformed (offset and field named)
   * @throws UnsupportedCompressionException for an LZO-compressed part
   * @throws IOException when reading fails
   */
  public Optional<InitrdEntry> next() throws IOException {
    while (!done) {
      skip(remaining);
      remaining = 0;
      skip(padding());
      if (!skipZeros()) {
        done = true;
        break;
      }
      byte[] head = new byte[InitrdCompression.MAGIC_MAX];
      int n = readUpTo(head);
      current.unread(head, n);
      Optional<InitrdCompression> kind = InitrdCompression.detect(head, n);
      if (kind.isEmpty() || (kind.get() != InitrdCompression.NONE && current != raw)) {
        throw problem(
            "cpio header",
            "expected a cpio archive (070701) or a compressed one, got "
                + hex(head, n)
                + (current == raw ? "" : " inside the compressed stream"));
      }
      if (kind.get() != InitrdCompression.NONE) {
        compression = kind.get();
        compressedAt = raw.position();
        if (archiveOpen) {
          throw problem("cpio archive", "ends without TRAILER!!! before the compressed part");
        }
        current = new PositionedInput(decompressing(compression));
        continue;
      }
      Optional<InitrdEntry> entry = header();
      if (entry.isPresent()) {
        return entry;
      }
    }
    if (archiveOpen) {
      throw problem("cpio archive", "ends without TRAILER!!!");
    }
    return Optional.empty();
  }

  /**
   * @return the current entry's data (only up to its size); read it before the next {@link #next()}
   */
  public InputStream content() {
    return new BlockInputStream() {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = readCurrent(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw problem("file data", "truncated: " + remaining + " more bytes expected");
        }
        remaining -= n;
        return n;
      }
    };
  }

  @Override
  public void close() throws IOException {
    current.close();
    raw.close();
  }

  /** Reads one header; returns empty for the trailer, which ends the current archive. */
  private Optional<InitrdEntry> header() throws IOException {
    long at = current.position();
    byte[] h = readExactly(InitrdConstants.HEADER_LEN, "cpio header");
    String magic = new String(h, 0, InitrdConstants.MAGIC_LEN, StandardCharsets.US_ASCII);
    if (!magic.equals(InitrdConstants.MAGIC_NEWC) && !magic.equals(InitrdConstants.MAGIC_CRC)) {
      throw problem(
          at, "cpio magic", "expected 070701 or 070702 (newc), got \"" + Excerpt.of(magic) + "\"");
    }
    int mode = (int) field(h, InitrdConstants.MODE_OFFSET, "c_mode", at);
    long size = field(h, InitrdConstants.FILESIZE_OFFSET, "c_filesize", at);
    long nameSize = field(h, InitrdConstants.NAMESIZE_OFFSET, "c_namesize", at);
    if (nameSize < 1 || nameSize > InitrdConstants.MAX_NAME) {
      throw problem(
          at + InitrdConstants.NAMESIZE_OFFSET,
          "c_namesize",
          "expected 1 to " + InitrdConstants.MAX_NAME + ", got " + nameSize);
    }
    byte[] rawName = readExactly((int) nameSize, "file name");
    if (rawName[rawName.length - 1] != 0) {
      throw problem(at + InitrdConstants.HEADER_LEN, "file name", "not NUL-terminated");
    }
    String path = new String(rawName, 0, rawName.length - 1, StandardCharsets.UTF_8);
    skip(padding());
    if (path.equals(InitrdConstants.TRAILER)) {
      archiveOpen = false;
      archive++;
      skip(size);
      return Optional.empty();
    }
    archiveOpen = true;
    remaining = size;
    Optional<String> target = Optional.empty();
    if ((mode & InitrdConstants.S_IFMT) == InitrdConstants.S_IFLNK) {
      if (size > InitrdConstants.MAX_NAME) {
        throw problem(at, "c_filesize", "symlink target of " + size + " bytes");
      }
      target = Optional.of(new String(content().readAllBytes(), StandardCharsets.UTF_8));
    }
    return Optional.of(new InitrdEntry(normalize(path), mode, size, target, archive, compression));
  }

  private long field(byte[] h, int offset, String field, long at) throws FormatException {
    String text = new String(h, offset, InitrdConstants.FIELD_LEN, StandardCharsets.ISO_8859_1);
    // only hex digits: Long.parseLong would also take a sign
    if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
      throw problem(at + offset, field, "expected 8 hex digits, got '" + Excerpt.of(text) + "'");
    }
    return Long.parseLong(text, 16);
  }

  private static String normalize(String path) {
    String p = path;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.charAt(0) == '/' ? 1 : 2);
    }
    return p.isEmpty() ? "." : p;
  }

  /** Skips NUL padding; returns false at the end of the stream. */
  private boolean skipZeros() throws IOException {
    byte[] one = new byte[1];
    while (true) {
      int n = readCurrent(one, 0, 1);
      if (n < 0) {
        return false;
      }
      if (one[0] != 0) {
        current.unread(one, 1);
        return true;
      }
    }
  }

  private long padding() {
    long misaligned = current.position() % InitrdConstants.ALIGNMENT;
    return misaligned == 0 ? 0 : InitrdConstants.ALIGNMENT - misaligned;
  }

  private InputStream decompressing(InitrdCompression c) throws IOException {
    try {
      return c.open(raw);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException e) {
      throw new FormatException(
          name, compressedAt, c.displayName() + " header", String.valueOf(e.getMessage()));
    }
  }

  private int readUpTo(byte[] b) throws IOException {
    int n = 0;
    while (n < b.length) {
      int r = readCurrent(b, n, b.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private byte[] readExactly(int length, String field) throws IOException {
    byte[] b = new byte[length];
    int n = readUpTo(b);
    if (n < length) {
      throw problem(field, "truncated: expected " + length + " bytes, got " + n);
    }
    return b;
  }

  private void skip(long count) throws IOException {
    byte[] buf = new byte[(int) Math.min(count, 1 << 16)];
    long left = count;
    while (left > 0) {
      int n = readCurrent(buf, 0, (int) Math.min(left, buf.length));
      if (n < 0) {
        throw problem("file data", "truncated: " + left + " more bytes expected");
      }
      left -= n;
    }
  }

  /** Reads from the current stream, naming a decompressor's failure with its place. */
  private int readCurrent(byte[] b, int off, int len) throws IOException {
    try {
      return current.read(b, off, len);
    } catch (IOException e) {
      if (current == raw) {
        throw e;
      }
      throw problem(
          compression.displayName() + " data",
          "cannot decompress: " + Excerpt.of(String.valueOf(e.getMessage()), 200));
    }
  }

  private FormatException problem(String field, String what) {
    return problem(current.position(), field, what);
  }

  private FormatException problem(long offset, String field, String what) {
    String where =
        current == raw
            ? name
            : name
                + " ("
                + compression.displayName()
                + " stream at byte "
                + compressedAt
                + ", decompressed)";
    return new FormatException(where, offset, field, what);
  }

  private static String hex(byte[] b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02x", b[i]));
    }
    return n == 0 ? "the end of the file" : s.toString();
  }
}
