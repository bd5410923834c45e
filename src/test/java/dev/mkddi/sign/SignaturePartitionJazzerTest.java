package dev.mkddi.sign;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;

/**
 * Jazzer target for the signature partition's JSON ({@link SignaturePartition#decode(byte[],
 * String)}); only mkddi's input errors may escape (see {@link FuzzContract}). Seeds: {@code
 * SignaturePartitionJazzerTestInputs/decode/}.
 */
class SignaturePartitionJazzerTest {
  @ReaderFuzzTest
  void decode(byte[] content) throws IOException {
    FuzzContract.check(() -> SignaturePartition.decode(content, "fuzz.img"));
  }
}
