package dev.mkddi.description;

import dev.mkddi.cli.DescribeOutput;
import dev.mkddi.io.FuzzContract;
import dev.mkddi.io.FuzzFiles;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.ReaderFuzzTest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Jazzer target for descriptions: any bytes as {@code config.xml} are parsed, checked, validated
 * and resolved by {@link DescriptionLoader}, then rendered as {@code describe} does and checked for
 * a build; only mkddi's input errors may escape (see {@link FuzzContract}). Seeds ({@code
 * DescriptionJazzerTestInputs/load/}): the description fixtures and the examples.
 */
class DescriptionJazzerTest {
  @ReaderFuzzTest
  void load(byte[] xml) throws IOException {
    Path file = FuzzFiles.write("description/config.xml", xml);
    FuzzContract.check(
        () -> {
          ImageDescription d =
              DescriptionLoader.load(
                  file.getParent(), LoadOptions.forArch("x86_64"), ProgressListener.NONE);
          DescribeOutput.toText(d);
          DescribeOutput.toJson(d);
          d.validateForBuild();
        });
  }
}
