package dev.mkddi.sign;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer target for PKCS#7 signatures ({@link SignatureVerifier}): any bytes as a DER signature of
 * a root hash, checked against the certificate it embeds; only mkddi's input errors and a failed
 * check may escape (see {@link FuzzContract}). Seeds ({@code
 * SignatureVerifierJazzerTestInputs/verify/}) are openssl's signatures from the fixtures.
 */
class SignatureVerifierJazzerTest {
  private static final byte[] ROOT_HASH = // roothash.txt, what the seeds sign
      "35799313508465e05c1345437b9dde0635056ec5a0ccccfed8e9d5aff8191669"
          .getBytes(StandardCharsets.US_ASCII);

  @ReaderFuzzTest
  void verify(byte[] der) throws IOException {
    FuzzContract.check(() -> SignatureVerifier.verify(der, ROOT_HASH, null, "fuzz.p7s"));
  }
}
