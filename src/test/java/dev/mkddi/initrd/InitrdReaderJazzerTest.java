package dev.mkddi.initrd;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Jazzer target for {@link InitrdReader}: reads any bytes as an initrd (concatenated cpio archives,
 * plain or compressed), every entry and the first {@link #MAX_CONTENT} bytes of each entry's data,
 * then what {@link InitrdContents} makes of it, as the build's initrd check does; only mkddi's
 * input errors may escape (see {@link FuzzContract}). Seeds: {@code
 * InitrdReaderJazzerTestInputs/read/}.
 */
class InitrdReaderJazzerTest {
  private static final int MAX_ENTRIES = 1024;
  private static final int MAX_CONTENT = 1 << 16;

  @ReaderFuzzTest
  void read(byte[] initrd) throws IOException {
    FuzzContract.check(
        () -> {
          try (InitrdReader r = InitrdReader.of("fuzz.initrd", new ByteArrayInputStream(initrd))) {
            int entries = 0;
            for (var e = r.next(); e.isPresent() && entries < MAX_ENTRIES; e = r.next()) {
              entries++;
              InputStream in = r.content();
              in.readNBytes(MAX_CONTENT);
            }
          }
          try (InitrdReader r = InitrdReader.of("fuzz.initrd", new ByteArrayInputStream(initrd))) {
            InitrdContents.read(r);
          }
        });
  }
}
