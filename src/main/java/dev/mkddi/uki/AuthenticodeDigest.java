package dev.mkddi.uki;

import dev.mkddi.io.PositionalIo;
import dev.mkddi.uki.AuthenticodeLayout.Region;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * SHA-256 over the regions of an {@link AuthenticodeLayout}, in their order. The file can be fed as
 * it streams past ({@link #accept}): each region is hashed while the stream passes it, as long as
 * every region starts at or after the end of the one before (the normal case: contiguous sections).
 * From the first region that starts earlier (overlapping sections, or data after the sections
 * counted from a gap in the section table), the rest is read back from the file by {@link #finish}.
 * Not thread-safe.
 */
final class AuthenticodeDigest {
  /** The image hash's algorithm, as sbsign, pesign and systemd-sbsign use it. */
  static final String ALGORITHM = "SHA-256";

  private static final int CHUNK = 1 << 20;

  private final List<Region> regions;
  private final MessageDigest digest;
  private int next;
  private long done;
  private boolean streaming = true;

  /**
   * @param regions the hashed ranges, in hash order
   */
  AuthenticodeDigest(List<Region> regions) {
    this.regions = List.copyOf(regions);
    try {
      this.digest = MessageDigest.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Hashes what of the next regions lies in {@code data}. Calls must come in file order, each
   * starting where the previous one ended.
   *
   * @param position the file offset of {@code data}'s first byte
   * @param data the bytes from its position to its limit (the position is not moved)
   */
  void accept(long position, ByteBuffer data) {
    long end = position + data.remaining();
    while (streaming && next < regions.size()) {
      Region r = regions.get(next);
      long from = r.start() + done;
      if (from < position) {
        streaming = false; // this region began before the bytes at hand: read it back later
        return;
      }
      if (from >= end) {
        return;
      }
      long to = Math.min(r.end(), end);
      ByteBuffer part = data.duplicate();
      part.position(data.position() + (int) (from - position));
      part.limit(data.position() + (int) (to - position));
      digest.update(part);
      done += to - from;
      if (r.start() + done == r.end()) {
        next++;
        done = 0;
      }
    }
  }

  /**
   * Hashes the regions {@link #accept} did not reach, reading them from {@code ch}.
   *
   * @param ch the file, holding the hashed bytes
   * @return the image hash
   * @throws IOException when the file cannot be read
   */
  byte[] finish(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    for (; next < regions.size(); next++, done = 0) {
      Region r = regions.get(next);
      for (long pos = r.start() + done; pos < r.end(); ) {
        int n = (int) Math.min(CHUNK, r.end() - pos);
        buf.clear().limit(n);
        PositionalIo.readFully(ch, buf, pos);
        digest.update(buf.flip());
        pos += n;
      }
    }
    return digest.digest();
  }
}
