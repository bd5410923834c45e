package dev.mkddi.sign;

import dev.mkddi.io.FormatException;
import dev.mkddi.io.Utf8;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * What OpenSSL's PKCS#7 parser requires of the certificates and CRLs a SignedData carries, where
 * Bouncy Castle is lenient: every element of {@code certificates} is an X.509 certificate (Bouncy
 * Castle skips elements that are not a SEQUENCE), every element of {@code crls} a CRL, and every
 * attribute value of an issuer or subject name one of the string types OpenSSL's {@code
 * X509_NAME_ENTRY} takes, with content it can convert to UTF-8 (valid UTF-8, a BMPString of whole
 * UTF-16 units, a UniversalString of whole code points). Stateless.
 */
final class EmbeddedCertificates {
  private static final String FIELD = "PKCS#7 signature";

  /**
   * Universal tags OpenSSL's {@code ASN1_PRINTABLE} takes as a name's attribute value: BIT STRING,
   * UTF8String, SEQUENCE, NumericString, PrintableString, T61String, IA5String, UniversalString,
   * BMPString, and the tags it maps to {@code B_ASN1_UNKNOWN}.
   */
  private static final Set<Integer> NAME_VALUE_TAGS =
      Set.of(3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 28, 29, 30);

  private static final int UTF8_STRING = 12;
  private static final int UNIVERSAL_STRING = 28;
  private static final int BMP_STRING = 30;

  private EmbeddedCertificates() {}

  /**
   * @param signed the SignedData
   * @param name the signature's name, for messages
   * @throws FormatException naming the first certificate, CRL or name value OpenSSL refuses
   */
  static void check(SignedData signed, String name) throws FormatException {
    ASN1Set certificates = signed.getCertificates();
    int n = 0;
    for (ASN1Encodable e : certificates == null ? new ASN1Encodable[0] : certificates.toArray()) {
      n++;
      String what = "embedded certificate " + n;
      if (!(e.toASN1Primitive() instanceof ASN1Sequence)) {
        throw problem(name, what + " is not an X.509 certificate: " + describe(e));
      }
      Certificate c;
      try {
        c = Certificate.getInstance(e);
        new JcaX509CertificateConverter().getCertificate(new X509CertificateHolder(c));
      } catch (IllegalArgumentException | IllegalStateException | CertificateException x) {
        throw problem(name, what + " is malformed: " + PrivateKeys.reason(x));
      }
      checkName(c.getIssuer(), name, what + " issuer");
      checkName(c.getSubject(), name, what + " subject");
    }
    ASN1Set crls = signed.getCRLs();
    int m = 0;
    for (ASN1Encodable e : crls == null ? new ASN1Encodable[0] : crls.toArray()) {
      m++;
      try {
        if (!(e.toASN1Primitive() instanceof ASN1Sequence)) {
          throw new IllegalArgumentException(describe(e));
        }
        CertificateList.getInstance(e);
      } catch (IllegalArgumentException | IllegalStateException x) {
        throw problem(name, "CRL " + m + " is not an X.509 CRL: " + PrivateKeys.reason(x));
      }
    }
  }

  private static void checkName(X500Name x500, String name, String what) throws FormatException {
    for (RDN rdn : x500.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        byte[] tlv = encoded(atv.getValue());
        String attr = what + " attribute " + atv.getType().getId() + ": " + describe(tlv);
        // universal class (bits 7-6 clear), then the tag number
        int tag = tlv.length < 2 || (tlv[0] & 0xc0) != 0 ? -1 : tlv[0] & 0x1f;
        if (!NAME_VALUE_TAGS.contains(tag)) {
          throw problem(name, attr + " is not a string type of a name");
        }
        byte[] content = contents(tlv);
        boolean ok =
            switch (tag) {
              case UTF8_STRING -> Utf8.decode(content).isPresent();
              case BMP_STRING -> content.length % 2 == 0;
              case UNIVERSAL_STRING -> validUniversal(content);
              default -> true;
            };
        if (!ok) {
          throw problem(name, attr + " has content no text can have");
        }
      }
    }
  }

  private static byte[] encoded(ASN1Encodable v) {
    try {
      return v.toASN1Primitive().getEncoded();
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  /** The content octets of a DER encoding (short or long form length). */
  private static byte[] contents(byte[] tlv) {
    int header = 2 + ((tlv[1] & 0x80) != 0 ? tlv[1] & 0x7f : 0);
    return java.util.Arrays.copyOfRange(tlv, Math.min(header, tlv.length), tlv.length);
  }

  private static boolean validUniversal(byte[] b) {
    if (b.length % 4 != 0) {
      return false;
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      int cp = buf.getInt();
      if (cp < 0 || cp > Character.MAX_CODE_POINT) {
        return false;
      }
    }
    return true;
  }

  private static String describe(ASN1Encodable e) {
    return describe(encoded(e));
  }

  private static String describe(byte[] tlv) {
    return tlv.length == 0 ? "an empty element" : String.format("tag 0x%02x", tlv[0] & 0xff);
  }

  private static FormatException problem(String name, String what) {
    return new FormatException(name, 0, FIELD, what);
  }
}
