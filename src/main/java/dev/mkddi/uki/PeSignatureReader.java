package dev.mkddi.uki;

import static dev.mkddi.uki.PeConstants.CHECKSUM_LEN;
import static dev.mkddi.uki.PeConstants.WIN_CERT_HEADER_SIZE;
import static dev.mkddi.uki.PeConstants.WIN_CERT_LENGTH;
import static dev.mkddi.uki.PeConstants.WIN_CERT_REVISION;
import static dev.mkddi.uki.PeConstants.WIN_CERT_TYPE;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Authenticode state of a PE file: its image hash (as {@link PeSigner}, sbsign and the
 * firmware compute it), its certificate table's entries and its checksum, in one pass over the
 * file. Stateless and thread-safe.
 */
public final class PeSignatureReader {
  /** Certificate tables larger than this are refused unread (real ones hold a few KiB). */
  private static final long MAX_TABLE = 16L << 20;

  private PeSignatureReader() {}

  /**
   * @param ch the PE file
   * @param name its name, for messages
   * @return the image hash, the certificate table's entries and the checksum
   * @throws FormatException when the file is not a PE image or its certificate table is malformed
   * @throws IOException when the file cannot be read
   */
  public static PeSignatures read(FileChannel ch, String name) throws IOException {
    AuthenticodeLayout layout = AuthenticodeLayout.read(ch, name);
    AuthenticodeDigest digest = new AuthenticodeDigest(layout.regions(layout.imageEnd()));
    PeChecksum checksum = new PeChecksum(layout.checksumOffset(), CHECKSUM_LEN);
    PeScan.run(ch, null, layout.fileSize(), digest, checksum, ProgressListener.Step.NONE);
    byte[] hash = digest.finish(ch);
    ByteBuffer stored = LittleEndian.allocate(CHECKSUM_LEN);
    PositionalIo.readFully(ch, stored, layout.checksumOffset());
    return new PeSignatures(
        name,
        hash,
        certificates(ch, layout),
        LittleEndian.unsigned(stored.getInt(0)),
        checksum.value(layout.fileSize()));
  }

  private static List<PeCertificate> certificates(FileChannel ch, AuthenticodeLayout layout)
      throws IOException {
    long offset = layout.certificateTableOffset();
    long size = layout.certificateTableSize();
    if (size > MAX_TABLE) {
      throw new FormatException(
          layout.file(), offset, "certificate table", size + " bytes is too large");
    }
    ByteBuffer t = LittleEndian.allocate((int) size);
    PositionalIo.readFully(ch, t, offset);
    List<PeCertificate> out = new ArrayList<>();
    int pos = 0;
    while (pos < size) {
      if (size - pos < WIN_CERT_HEADER_SIZE) {
        checkPadding(t, pos, layout, offset);
        break;
      }
      long length = LittleEndian.unsigned(t.getInt(pos + WIN_CERT_LENGTH));
      if (length == 0 && out.size() > 0) {
        checkPadding(t, pos, layout, offset);
        break;
      }
      if (length < WIN_CERT_HEADER_SIZE || length > size - pos) {
        throw new FormatException(
            layout.file(),
            offset + pos,
            "WIN_CERTIFICATE dwLength",
            "expected " + WIN_CERT_HEADER_SIZE + " to " + (size - pos) + ", got " + length);
      }
      byte[] content = new byte[(int) length - WIN_CERT_HEADER_SIZE];
      t.get(pos + WIN_CERT_HEADER_SIZE, content);
      out.add(
          new PeCertificate(
              offset + pos,
              t.getShort(pos + WIN_CERT_REVISION) & 0xFFFF,
              t.getShort(pos + WIN_CERT_TYPE) & 0xFFFF,
              content));
      pos = (int) Math.min(size, AuthenticodeLayout.alignTable(pos + length));
    }
    return out;
  }

  /** What follows the last entry must be zeros shorter than the 8-byte alignment. */
  private static void checkPadding(ByteBuffer t, int pos, AuthenticodeLayout layout, long offset)
      throws FormatException {
    for (int i = pos; i < t.capacity(); i++) {
      if (t.get(i) != 0 || i - pos >= PeConstants.CERTIFICATE_TABLE_ALIGNMENT) {
        throw new FormatException(
            layout.file(),
            offset + i,
            "certificate table",
            "expected zero padding after the last entry, got more data");
      }
    }
  }
}
