package dev.mkddi.uki;

import static dev.mkddi.uki.PeConstants.CHECKSUM_LEN;
import static dev.mkddi.uki.PeConstants.DATA_DIRECTORY_SIZE;
import static dev.mkddi.uki.PeConstants.WIN_CERT_HEADER_SIZE;
import static dev.mkddi.uki.PeConstants.WIN_CERT_LENGTH;
import static dev.mkddi.uki.PeConstants.WIN_CERT_REVISION;
import static dev.mkddi.uki.PeConstants.WIN_CERT_REVISION_2_0;
import static dev.mkddi.uki.PeConstants.WIN_CERT_TYPE;
import static dev.mkddi.uki.PeConstants.WIN_CERT_TYPE_PKCS_SIGNED_DATA;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Authenticode-signs a PE/COFF image (an EFI boot loader, a UKI, a kernel) the way sbsign does:
 * streams the unsigned file into the output while hashing it (the image hash of {@link
 * AuthenticodeLayout}) and summing its {@code CheckSum}; pads it with zeros to a multiple of 8
 * bytes (the padding is hashed, as sbsign does); lets an {@link ImageDigestSigner} turn the hash
 * into a PKCS#7 signature; appends the certificate table, one {@code WIN_CERTIFICATE} (revision
 * 2.0, type PKCS_SIGNED_DATA, its length without padding, padded to 8 bytes); and finally writes
 * the certificate table entry and the {@code CheckSum} into the headers. The input is read once (a
 * region that the stream passes before it is due is read back, see {@link AuthenticodeDigest}) and
 * never held in memory. Stateless and thread-safe.
 */
public final class PeSigner {
  private PeSigner() {}

  /**
   * Signs {@code in} into {@code out}. {@code out} may be the same channel as {@code in}: then the
   * file is signed in place (nothing is copied, the signature is appended).
   *
   * @param in the unsigned PE file
   * @param out where the signed file goes (written from offset 0, truncated to its length)
   * @param name the input's name, for messages
   * @param signer turns the image hash into the PKCS#7 signature
   * @param listener receives progress in bytes hashed
   * @return the image hash and where the signature went
   * @throws InvalidInputException when {@code in} already carries a signature
   * @throws dev.mkddi.io.FormatException when {@code in} is not a PE image mkddi can sign
   * @throws IOException when a file cannot be read or written, or signing fails
   */
  public static SignedPe sign(
      FileChannel in,
      FileChannel out,
      String name,
      ImageDigestSigner signer,
      ProgressListener listener)
      throws IOException {
    AuthenticodeLayout layout = AuthenticodeLayout.read(in, name);
    if (layout.signed()) {
      throw new InvalidInputException(
          name
              + ": already signed (a certificate table of "
              + layout.certificateTableSize()
              + " bytes at offset "
              + layout.certificateTableOffset()
              + "); mkddi signs unsigned images only (remove the signature with sbattach --remove)");
    }
    long dataEnd = layout.fileSize();
    long imageEnd = AuthenticodeLayout.alignTable(dataEnd);
    AuthenticodeDigest digest = new AuthenticodeDigest(layout.regions(imageEnd));
    PeChecksum checksum =
        new PeChecksum(
            layout.checksumOffset(), CHECKSUM_LEN,
            layout.securityEntryOffset(), DATA_DIRECTORY_SIZE);
    try (ProgressListener.Step step = listener.begin("signing " + name, imageEnd)) {
      PeScan.run(in, out, dataEnd, digest, checksum, step);
      ByteBuffer padding = ByteBuffer.allocate((int) (imageEnd - dataEnd));
      PositionalIo.writeFully(out, padding.duplicate(), dataEnd);
      digest.accept(dataEnd, padding);
      step.advance(padding.capacity());
    }
    byte[] imageDigest = digest.finish(out);
    ByteBuffer table = certificateTable(signer.sign(imageDigest.clone()));
    PositionalIo.writeFully(out, table.duplicate(), imageEnd);
    checksum.addRewritten(imageEnd, table);
    long length = Math.addExact(imageEnd, table.capacity());
    out.truncate(length);
    ByteBuffer entry = LittleEndian.allocate(DATA_DIRECTORY_SIZE);
    entry.putInt(0, Math.toIntExact(imageEnd)).putInt(4, table.capacity());
    PositionalIo.writeFully(out, entry.duplicate(), layout.securityEntryOffset());
    checksum.addRewritten(layout.securityEntryOffset(), entry);
    ByteBuffer sum = LittleEndian.allocate(CHECKSUM_LEN);
    sum.putInt(0, (int) checksum.value(length));
    PositionalIo.writeFully(out, sum, layout.checksumOffset());
    return new SignedPe(imageDigest, imageEnd, length);
  }

  /**
   * The length {@link #sign} gives a file: the unsigned file padded to 8 bytes, then the
   * certificate table.
   *
   * @param unsignedLength the unsigned file's length
   * @param pkcs7Length the length of the DER PKCS#7 signature
   * @return the signed file's length
   */
  public static long signedLength(long unsignedLength, int pkcs7Length) {
    return Math.addExact(
        AuthenticodeLayout.alignTable(unsignedLength),
        AuthenticodeLayout.alignTable(Math.addExact(WIN_CERT_HEADER_SIZE, pkcs7Length)));
  }

  /** One WIN_CERTIFICATE holding the signature, padded with zeros to 8 bytes. */
  private static ByteBuffer certificateTable(byte[] pkcs7) {
    int length = Math.addExact(WIN_CERT_HEADER_SIZE, pkcs7.length);
    ByteBuffer t = LittleEndian.allocate((int) AuthenticodeLayout.alignTable(length));
    t.putInt(WIN_CERT_LENGTH, length);
    t.putShort(WIN_CERT_REVISION, (short) WIN_CERT_REVISION_2_0);
    t.putShort(WIN_CERT_TYPE, (short) WIN_CERT_TYPE_PKCS_SIGNED_DATA);
    t.put(WIN_CERT_HEADER_SIZE, pkcs7);
    return t;
  }
}
