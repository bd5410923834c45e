package dev.mkddi.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;

/**
 * Says in mkddi's words why bytes are not a DER PKCS#7 SignedData, where Bouncy Castle only says
 * "IOException reading content." or names its own classes: empty, PEM instead of DER, not DER at
 * all, truncated DER, trailing bytes, or DER of another content type. Stateless and thread-safe.
 */
final class Pkcs7Structure {
  private static final int DER_SEQUENCE = 0x30;
  private static final String PEM = "-----BEGIN";
  private static final String BC_READING_CONTENT = "IOException reading content";
  private static final String BC_MALFORMED_CONTENT = "Malformed content";

  private Pkcs7Structure() {}

  /**
   * @param der bytes that Bouncy Castle could not read as a SignedData
   * @param cause what Bouncy Castle threw
   * @return what is wrong, e.g. {@code "PEM text, expected DER: …"}
   */
  static String problem(byte[] der, Exception cause) {
    if (der.length == 0) {
      return "the signature is empty; expected a DER PKCS#7 SignedData";
    }
    if (startsWith(der, PEM)) {
      return "PEM text, expected DER (convert with: openssl pkcs7 -in FILE -outform DER)";
    }
    if ((der[0] & 0xff) != DER_SEQUENCE) {
      return String.format(
          "expected a DER SEQUENCE (first byte 0x30), got 0x%02x: not a DER PKCS#7 SignedData",
          der[0] & 0xff);
    }
    ASN1Primitive top;
    int used;
    try (ASN1InputStream in = new ASN1InputStream(der)) {
      top = in.readObject();
      used = top == null ? 0 : top.getEncoded().length;
    } catch (IOException | RuntimeException e) {
      return "malformed DER (truncated, or a length that does not fit the data)";
    }
    if (!(top instanceof ASN1Sequence seq) || seq.size() == 0) {
      return "malformed DER: expected a PKCS#7 ContentInfo SEQUENCE";
    }
    if (!(seq.getObjectAt(0) instanceof ASN1ObjectIdentifier type)) {
      return "expected a PKCS#7 ContentInfo, whose first field is a content type OID";
    }
    if (!type.equals(CMSObjectIdentifiers.signedData)) {
      return "DER of content type "
          + type.getId()
          + ", expected PKCS#7 SignedData ("
          + CMSObjectIdentifiers.signedData.getId()
          + ")";
    }
    if (used < der.length) {
      return (der.length - used) + " bytes after the end of the DER structure at offset " + used;
    }
    String reason = PrivateKeys.reason(cause);
    if (reason.contains(BC_READING_CONTENT) || reason.startsWith(BC_MALFORMED_CONTENT)) {
      // Bouncy Castle's words for "a field is not what RFC 5652 says it is"
      reason = "a field inside it does not have the type RFC 5652 gives it";
    }
    return "malformed PKCS#7 SignedData: " + reason;
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    int skip = 0;
    while (skip < bytes.length
        && (bytes[skip] == ' ' || bytes[skip] == '\n' || bytes[skip] == '\r')) {
      skip++;
    }
    if (bytes.length - skip < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (bytes[skip + i] != p[i]) {
        return false;
      }
    }
    return true;
  }
}
