package dev.mkddi.verity;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.MemoryChannel;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;

/**
 * Jazzer target for the verity superblock and what {@code mkddi verity verify} does with it: any
 * bytes as the hash device (and, at once, the data device) are decoded, turned into parameters and
 * a geometry, and verified against an all-zero root hash; only mkddi's input errors may escape (see
 * {@link FuzzContract}). Seeds ({@code VeritySuperblockJazzerTestInputs/verify/}) are veritysetup
 * hash devices.
 */
class VeritySuperblockJazzerTest {
  @ReaderFuzzTest
  void verify(byte[] device) throws IOException {
    FuzzContract.check(
        () -> {
          MemoryChannel ch = new MemoryChannel(device);
          VerityParams p = VeritySuperblock.read(ch, 0, "fuzz.hash").toParams(0, "fuzz.hash");
          VerityGeometry.of(p);
          VerityHashTree.verify(
              ch, 0, ch, 0, p, new byte[p.hash().digestSize()], ProgressListener.NONE, 1);
        });
  }
}
