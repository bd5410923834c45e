package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.CheckFailedException;
import dev.mkddi.io.FormatException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticodeSignerTest {
  /** The image hash of {@code TestPe.stub()}, which the sbsign fixtures sign. */
  private static byte[] stubDigest() throws Exception {
    return AuthenticodeSignature.parse(Fixtures.bytes("authenticode-rsa.p7"), "rsa").imageDigest();
  }

  private static SigningKey key(String type) throws Exception {
    return SigningKey.load(
        Fixtures.path("test-only-" + type + ".key"),
        Fixtures.path("test-only-" + type + ".crt"),
        null);
  }

  private static AttributeTable signedAttributes(byte[] der) throws Exception {
    SignerInformation si = new CMSSignedData(der).getSignerInfos().getSigners().iterator().next();
    return si.getSignedAttributes();
  }

  private static Instant signingTime(byte[] der) throws Exception {
    Attribute t = signedAttributes(der).get(PKCSObjectIdentifiers.pkcs_9_at_signingTime);
    return Time.getInstance(t.getAttrValues().getObjectAt(0)).getDate().toInstant();
  }

  @Test
  void testSign_equalsSbsignGivenItsSigningTime() throws Exception {
    byte[] sbsign = Fixtures.bytes("authenticode-rsa.p7");
    byte[] ours =
        new AuthenticodeSigner(key("rsa")).sign(stubDigest(), Optional.of(signingTime(sbsign)));
    assertArrayEquals(sbsign, ours);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testSign_deterministicWithoutSigningTime(String type) throws Exception {
    AuthenticodeSigner signer = new AuthenticodeSigner(key(type));
    byte[] a = signer.sign(stubDigest());
    assertArrayEquals(a, signer.sign(stubDigest()));
    AttributeTable attrs = signedAttributes(a);
    assertEquals(3, attrs.size(), "contentType, messageDigest, S/MIME capabilities");
    assertNotNull(attrs.get(PKCSObjectIdentifiers.pkcs_9_at_contentType));
    assertNotNull(attrs.get(PKCSObjectIdentifiers.pkcs_9_at_messageDigest));
    assertNotNull(attrs.get(PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities));
    assertEquals(
        new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.4"),
        new CMSSignedData(a).getSignedContentType());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testVerify_oursAndSbsignsPinnedAndEmbedded(String type) throws Exception {
    SigningKey k = key(type);
    byte[] digest = stubDigest();
    for (byte[] der :
        List.of(
            new AuthenticodeSigner(k).sign(digest),
            Fixtures.bytes("authenticode-" + type + ".p7"))) {
      AuthenticodeSignature s = AuthenticodeSignature.parse(der, type);
      assertArrayEquals(digest, s.imageDigest());
      assertTrue(s.verify(digest, k.certificate()).trusted());
      SignatureCheck embedded = s.verify(digest, null);
      assertEquals(SignerTrust.EMBEDDED_CERTIFICATE_ONLY, embedded.trust());
      assertEquals(k.certificateFingerprint(), embedded.signerFingerprint());
      assertEquals(List.of(k.certificate()), s.embeddedSigners());
    }
  }

  @Test
  void testVerify_otherImageFails() throws Exception {
    byte[] digest = stubDigest();
    AuthenticodeSignature s =
        AuthenticodeSignature.parse(Fixtures.bytes("authenticode-rsa.p7"), "stub.efi");
    byte[] other = digest.clone();
    other[0] ^= 1;
    CheckFailedException e = assertThrows(CheckFailedException.class, () -> s.verify(other, null));
    assertTrue(e.getMessage().startsWith("stub.efi: the signature is for another image"));
  }

  @Test
  void testVerify_otherSignerFails() throws Exception {
    AuthenticodeSignature s =
        AuthenticodeSignature.parse(Fixtures.bytes("authenticode-rsa.p7"), "stub.efi");
    CheckFailedException e =
        assertThrows(
            CheckFailedException.class, () -> s.verify(stubDigest(), key("ec").certificate()));
    assertTrue(e.getMessage().contains(", not by the given certificate CN="), e.getMessage());
  }

  @Test
  void testVerify_tamperedSignatureFails() throws Exception {
    byte[] der = Fixtures.bytes("authenticode-rsa.p7").clone();
    der[der.length - 1] ^= 1; // inside the RSA signature value
    AuthenticodeSignature s = AuthenticodeSignature.parse(der, "stub.efi");
    assertThrows(CheckFailedException.class, () -> s.verify(stubDigest(), null));
  }

  @Test
  void testParse_notAuthenticodeRefused() throws Exception {
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> AuthenticodeSignature.parse(Fixtures.bytes("rsa.p7s"), "verity.p7s"));
    assertTrue(e.getMessage().contains("expected SpcIndirectDataContent"), e.getMessage());
    assertThrows(
        FormatException.class, () -> AuthenticodeSignature.parse(new byte[] {1, 2, 3}, "junk"));
  }

  @Test
  void testSign_badDigestLengthIsAProgrammingError() throws Exception {
    AuthenticodeSigner signer = new AuthenticodeSigner(key("rsa"));
    assertThrows(IllegalArgumentException.class, () -> signer.sign(new byte[20]));
    assertFalse(signer.sign(new byte[32]).length == 0);
  }
}
