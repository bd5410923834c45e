package dev.mkddi.gpt;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.MemoryChannel;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;

/**
 * Jazzer target for {@link GptReader}: any bytes as a disk give a table or one of mkddi's input
 * errors (see {@link FuzzContract}). Seeds: {@code GptReaderJazzerTestInputs/read/}.
 */
class GptReaderJazzerTest {
  @ReaderFuzzTest
  void read(byte[] disk) throws IOException {
    FuzzContract.check(() -> GptReader.read(new MemoryChannel(disk), "fuzz.img"));
  }
}
