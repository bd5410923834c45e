package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.junit.jupiter.api.Test;

class SignerTest {

  @Test
  void testSignRootHash_rsaEqualsOpensslByteForByte() throws Exception {
    assertArrayEquals(Fixtures.bytes("rsa.p7s"), Fixtures.rsa().signRootHash(Fixtures.rootHash()));
  }

  @Test
  void testSignRootHash_ecIsDeterministic() throws Exception {
    Signer ec = Fixtures.ec();
    byte[] first = ec.signRootHash(Fixtures.rootHash());
    assertArrayEquals(first, ec.signRootHash(Fixtures.rootHash()));
    assertArrayEquals(first, Fixtures.ec().signRootHash(Fixtures.rootHash()));
  }

  @Test
  void testSignRootHash_ecVerifies() throws Exception {
    byte[] der = Fixtures.ec().signRootHash(Fixtures.rootHash());
    SignatureCheck check =
        SignatureVerifier.verify(
            der,
            Fixtures.rootHash().getBytes(StandardCharsets.US_ASCII),
            Fixtures.ec().key().certificate());
    assertEquals(SignerTrust.PINNED_CERTIFICATE, check.trust());
  }

  /** Everything but the ECDSA value itself is what OpenSSL writes. */
  @Test
  void testSignRootHash_ecStructureEqualsOpenssl() throws Exception {
    SignedData ours = signedData(Fixtures.ec().signRootHash(Fixtures.rootHash()));
    SignedData openssl = signedData(Fixtures.bytes("ec.p7s"));
    assertEquals(openssl.getVersion(), ours.getVersion());
    assertEquals(openssl.getDigestAlgorithms(), ours.getDigestAlgorithms());
    assertEquals(openssl.getEncapContentInfo(), ours.getEncapContentInfo());
    assertEquals(openssl.getCertificates(), ours.getCertificates());
    assertNull(ours.getCRLs());
    SignerInfo o = SignerInfo.getInstance(openssl.getSignerInfos().getObjectAt(0));
    SignerInfo s = SignerInfo.getInstance(ours.getSignerInfos().getObjectAt(0));
    assertEquals(1, ours.getSignerInfos().size());
    assertEquals(o.getVersion(), s.getVersion());
    assertEquals(o.getSID(), s.getSID());
    assertEquals(o.getDigestAlgorithm(), s.getDigestAlgorithm());
    assertEquals(o.getDigestEncryptionAlgorithm(), s.getDigestEncryptionAlgorithm());
    assertNull(s.getAuthenticatedAttributes());
    assertNull(s.getUnauthenticatedAttributes());
  }

  private static SignedData signedData(byte[] der) {
    return SignedData.getInstance(ContentInfo.getInstance(der).getContent());
  }

  /** RFC 6979 A.2.5: P-256, SHA-256, messages "sample" and "test". */
  @Test
  void testEcdsaContentSigner_rfc6979Vectors() throws Exception {
    X9ECParameters p256 = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
    ECPrivateKeyParameters key =
        new ECPrivateKeyParameters(
            new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16),
            new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, p256));
    assertRs(
        key,
        "sample",
        "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
        "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    assertRs(
        key,
        "test",
        "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
        "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083");
  }

  private static void assertRs(ECPrivateKeyParameters key, String message, String r, String s)
      throws Exception {
    DeterministicEcdsaContentSigner signer = new DeterministicEcdsaContentSigner(key);
    signer.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
    ASN1Sequence rs = ASN1Sequence.getInstance(signer.getSignature());
    assertEquals(new BigInteger(r, 16), ASN1Integer.getInstance(rs.getObjectAt(0)).getValue());
    assertEquals(new BigInteger(s, 16), ASN1Integer.getInstance(rs.getObjectAt(1)).getValue());
  }

  @Test
  void testSignRootHash_upperCaseIsRefused() throws Exception {
    Signer rsa = Fixtures.rsa();
    String upper = Fixtures.rootHash().toUpperCase(java.util.Locale.ROOT);
    assertThrows(IllegalArgumentException.class, () -> rsa.signRootHash(upper));
    assertThrows(IllegalArgumentException.class, () -> rsa.signRootHash(""));
    assertThrows(IllegalArgumentException.class, () -> rsa.signRootHash("abc"));
  }

  @Test
  void testCertificateFingerprint_isSha256OfDer() throws Exception {
    // the value in rsa-sig-partition.bin, which `openssl x509 -outform DER | sha256sum` printed
    assertEquals(
        "b5e67f371507435e35c9768e192d3510352011484615c0ef1bf8c262ddd605aa",
        Fixtures.rsa().certificateFingerprint());
  }
}
