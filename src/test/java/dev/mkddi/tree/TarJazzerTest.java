package dev.mkddi.tree;

import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.FuzzFiles;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Jazzer target for tar archives ({@link TarHeaderScanner}, {@link TarSource}, the decompressors
 * behind {@link TreeLoader}): any bytes as an archive give a tree or one of mkddi's input errors
 * (see {@link FuzzContract}). Seeds: {@code TarJazzerTestInputs/load/}, the archive fixtures.
 */
class TarJazzerTest {
  @ReaderFuzzTest
  void load(byte[] archive) throws IOException {
    Path tar = FuzzFiles.write("in.tar", archive);
    TreeOptions options = new TreeOptions(false, FuzzFiles.directory("spool"));
    try (TreeLoader loader = new TreeLoader()) {
      FuzzContract.check(() -> loader.load(List.of(tar), options, ProgressListener.NONE));
    }
  }
}
