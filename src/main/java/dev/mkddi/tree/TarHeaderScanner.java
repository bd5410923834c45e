package dev.mkddi.tree;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads the raw bytes of tar header names, link names and pax records. Commons Compress decodes pax
 * values as UTF-8 text (corrupting binary {@code SCHILY.xattr.*} values such as file capabilities,
 * and names that are not UTF-8) and silently strips a leading {@code /}; this scanner walks the
 * headers itself and keeps those fields as bytes, with the data offset of each entry, in archive
 * order: the same order in which Commons Compress's stream returns the entries. Everything else
 * comes from Commons Compress. Not thread-safe.
 */
final class TarHeaderScanner {
  private static final int RECORD = 512;
  private static final int NAME_OFFSET = 0;
  private static final int NAME_LENGTH = 100;
  private static final int SIZE_OFFSET = 124;
  private static final int SIZE_LENGTH = 12;
  private static final int TYPEFLAG_OFFSET = 156;
  private static final int LINKNAME_OFFSET = TYPEFLAG_OFFSET + 1;
  private static final int LINKNAME_LENGTH = 100;
  private static final int MAGIC_OFFSET = LINKNAME_OFFSET + LINKNAME_LENGTH;
  private static final byte[] MAGIC_POSIX = {'u', 's', 't', 'a', 'r', 0};
  private static final int PREFIX_OFFSET = 345;
  private static final int PREFIX_LENGTH = 155;
  private static final int OLD_GNU_EXTENDED_OFFSET = 482;
  private static final int OLD_GNU_SPARSE_EXTENDED_OFFSET = 504;
  private static final String GNU_SPARSE_NAME = "GNU.sparse.name";

  /** Largest pax header or GNU long name accepted: far above real ones, small enough for memory. */
  private static final long MAX_META_SIZE = 1 << 24;

  /**
   * Most records the global pax headers may define together: they apply to every later entry, so
   * the work is entries times records. Archivers write a handful.
   */
  static final int MAX_GLOBAL_RECORDS = 1024;

  /**
   * The raw fields of one entry.
   *
   * @param name the path bytes (pax {@code path}, GNU long name, or ustar prefix and name)
   * @param link the link target bytes (pax {@code linkpath}, GNU long link, or the link name)
   * @param pax the pax records that apply (global ones merged with the entry's own)
   * @param type the typeflag byte
   * @param dataOffset where the entry's data starts in the archive (for a pax 1.0 sparse file, its
   *     sparse map)
   */
  record RawHeader(byte[] name, byte[] link, Map<String, byte[]> pax, byte type, long dataOffset) {}

  private TarHeaderScanner() {}

  /**
   * @param ch the (uncompressed) tar archive
   * @param length its length
   * @param source the archive as the user named it, for messages
   * @return the raw fields of every entry, in archive order
   * @throws InvalidInputException when a pax header or long name is malformed or absurdly large
   * @throws IOException on a read failure
   */
  static List<RawHeader> scan(FileChannel ch, long length, String source) throws IOException {
    List<RawHeader> result = new ArrayList<>();
    Map<String, byte[]> global = new LinkedHashMap<>();
    Map<String, byte[]> local = new LinkedHashMap<>();
    byte[] longName = null;
    byte[] longLink = null;
    ByteBuffer header = ByteBuffer.allocate(RECORD);
    long pos = 0;
    String previous = null;
    while (pos < length) {
      if (pos == 0 && RECORD > length) {
        throw notATar(source);
      }
      if (pos + RECORD > length) {
        throw new InvalidInputException(
            source
                + ": truncated: the archive ends inside the header"
                + " at offset "
                + pos
                + after(previous));
      }
      header.clear();
      PositionalIo.readFully(ch, header, pos);
      byte[] h = header.array();
      if (isZero(h)) {
        break;
      }
      if (!checksumOk(h)) {
        if (pos == 0) {
          throw notATar(source);
        }
        throw new InvalidInputException(
            source
                + ": corrupt tar header (header checksum at offset "
                + pos
                + " does not match"
                + after(previous)
                + ")");
      }
      long size;
      try {
        size = TarUtils.parseOctalOrBinary(h, SIZE_OFFSET, SIZE_LENGTH);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            source
                + ": entry '"
                + Name.display(ustarName(h))
                + "': invalid size field: "
                + Excerpt.of(String.valueOf(e.getMessage()), Name.MAX_SHOWN));
      }
      if (size < 0) {
        throw new InvalidInputException(
            source
                + ": entry '"
                + Name.display(ustarName(h))
                + "': invalid size field: "
                + size
                + " is negative");
      }
      byte type = h[TYPEFLAG_OFFSET];
      long data = pos + RECORD;
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        byte[] body = readMeta(ch, data, size, length, source, pos);
        switch (type) {
          case 'x' -> parsePax(body, local, source, pos);
          case 'g' -> {
            parsePax(body, global, source, pos);
            if (global.size() > MAX_GLOBAL_RECORDS) {
              throw new InvalidInputException(
                  source
                      + ": pax global headers define more than "
                      + MAX_GLOBAL_RECORDS
                      + " records (at offset "
                      + pos
                      + ")");
            }
          }
          case 'L' -> longName = cString(body, 0, body.length);
          default -> longLink = cString(body, 0, body.length);
        }
        pos = data + padded(size);
        continue;
      }
      if (type == 'S' && h[OLD_GNU_EXTENDED_OFFSET] != 0) {
        boolean more = true;
        while (more && data + RECORD <= length) {
          header.clear();
          PositionalIo.readFully(ch, header, data);
          more = header.get(OLD_GNU_SPARSE_EXTENDED_OFFSET) != 0;
          data += RECORD;
        }
      }
      Map<String, byte[]> pax = new LinkedHashMap<>(global);
      pax.putAll(local);
      byte[] name = pax.containsKey("path") ? pax.get("path") : longName;
      // pax sparse 0.1 and 1.0 put GNUSparseFile.<pid>/<name> in path and the real name here
      name = pax.containsKey(GNU_SPARSE_NAME) ? pax.get(GNU_SPARSE_NAME) : name;
      name = name != null ? name : ustarName(h);
      byte[] link = pax.containsKey("linkpath") ? pax.get("linkpath") : longLink;
      result.add(new RawHeader(name, link != null ? link : linkName(h), pax, type, data));
      if (pax.containsKey("size")) {
        size = decimal(pax.get("size"), source, pos);
      }
      previous = Name.display(name);
      if (size < 0 || size > length - data) {
        throw new InvalidInputException(
            source
                + ": entry '"
                + previous
                + "': claims "
                + size
                + " bytes of data, but the archive ends "
                + (length - data)
                + " bytes after its header (truncated or corrupt)");
      }
      local.clear();
      longName = null;
      longLink = null;
      pos = data + padded(size);
    }
    return result;
  }

  private static InvalidInputException notATar(String source) {
    return new InvalidInputException(source + ": not a tar archive (no valid header at offset 0)");
  }

  private static boolean checksumOk(byte[] h) {
    try {
      return TarUtils.verifyCheckSum(h);
    } catch (IllegalArgumentException e) {
      return false; // the checksum field is not even a number
    }
  }

  private static String after(@Nullable String previous) {
    return previous == null ? "" : ", after entry '" + previous + "'";
  }

  private static byte[] readMeta(
      FileChannel ch, long data, long size, long length, String source, long pos)
      throws IOException {
    if (size < 0 || size > MAX_META_SIZE || data + size > length) {
      throw new InvalidInputException(
          source + ": extended header at offset " + pos + " claims " + size + " bytes");
    }
    ByteBuffer body = ByteBuffer.allocate((int) size);
    PositionalIo.readFully(ch, body, data);
    return body.array();
  }

  private static byte[] ustarName(byte[] h) {
    byte[] name = cString(h, NAME_OFFSET, NAME_LENGTH);
    if (!Arrays.equals(
        h, MAGIC_OFFSET, MAGIC_OFFSET + MAGIC_POSIX.length, MAGIC_POSIX, 0, MAGIC_POSIX.length)) {
      return name;
    }
    byte[] prefix = cString(h, PREFIX_OFFSET, PREFIX_LENGTH);
    if (prefix.length == 0) {
      return name;
    }
    byte[] full = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
    full[prefix.length] = '/';
    System.arraycopy(name, 0, full, prefix.length + 1, name.length);
    return full;
  }

  private static byte[] linkName(byte[] h) {
    return cString(h, LINKNAME_OFFSET, LINKNAME_LENGTH);
  }

  private static byte[] cString(byte[] b, int off, int max) {
    int end = off;
    while (end < off + max && b[end] != 0) {
      end++;
    }
    return Arrays.copyOfRange(b, off, end);
  }

  private static long padded(long size) {
    return Math.addExact(size, RECORD - 1) / RECORD * RECORD;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static long decimal(byte[] text, String source, long pos) throws InvalidInputException {
    try {
      long value = Long.parseLong(new String(text, StandardCharsets.US_ASCII));
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        source
            + ": pax header at offset "
            + pos
            + ": invalid size field '"
            + Name.display(text)
            + "' (expected a non-negative decimal number)");
  }

  /** Parses records {@code "LEN KEY=VALUE\n"}. */
  private static void parsePax(byte[] body, Map<String, byte[]> into, String source, long pos)
      throws InvalidInputException {
    int i = 0;
    while (i < body.length && body[i] != 0) {
      int space = i;
      long len = 0;
      while (space < body.length
          && body[space] >= '0'
          && body[space] <= '9'
          && len <= body.length) {
        len = len * 10 + (body[space] - '0');
        space++;
      }
      long end = i + len;
      if (space == i
          || space >= body.length
          || body[space] != ' '
          || end > body.length
          || end <= space + 1
          || body[(int) end - 1] != '\n') {
        throw new InvalidInputException(
            source + ": malformed pax header record at offset " + (pos + RECORD + i));
      }
      int eq = space + 1;
      while (eq < end - 1 && body[eq] != '=') {
        eq++;
      }
      if (eq == end - 1) {
        throw new InvalidInputException(
            source + ": pax header record without '=' at offset " + (pos + RECORD + i));
      }
      String key = new String(body, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      into.put(key, Arrays.copyOfRange(body, eq + 1, (int) end - 1));
      i = (int) end;
    }
  }
}
