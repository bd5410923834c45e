package dev.mkddi.verity;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.MemoryChannel;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.util.Optional;

/**
 * Jazzer target for {@link KiwiMetadataBlock}: reads any bytes as the end of a root partition
 * holding kiwi's verity metadata block (the block parser, the parameters it builds, the signature
 * bytes it cuts off), as {@code verify} and {@code cmdline} do; only mkddi's input errors may
 * escape (see {@link FuzzContract}). Seeds: {@code KiwiMetadataBlockJazzerTestInputs/read/}.
 */
class KiwiMetadataBlockJazzerTest {
  private static final int RSA_2048_BYTES = 256;

  @ReaderFuzzTest
  void read(byte[] partition) throws IOException {
    FuzzContract.check(
        () -> {
          Optional<KiwiMetadataBlock> b =
              KiwiMetadataBlock.read(new MemoryChannel(partition), 0, partition.length, "fuzz.raw");
          if (b.isPresent()) {
            b.get().hasSignature();
            b.get().signature(RSA_2048_BYTES);
          }
        });
  }
}
