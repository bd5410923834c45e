package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.builder.TestImages;
import dev.mkddi.io.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code --json} output and the manifest: one compact object on one line, as the README. */
class JsonStyleTest {
  @TempDir Path dir;

  /** The output must be exactly what a compact writer makes of the object it holds. */
  private static void assertCompact(String what, String json) throws Exception {
    ObjectMapper m = new ObjectMapper();
    assertEquals(m.writeValueAsString(m.readTree(json)) + "\n", json, what);
  }

  @Test
  void testJson_inspectDescribeVerifyBuildVerityAndTheManifest_oneCompactStyle() throws Exception {
    Path desc = TestImages.description(dir.resolve("d"), "verity_partition=\"true\"");
    Path out = dir.resolve("out");
    CliRun build = new CliRun("build", desc, "--target-dir", out, "--json");
    assertEquals(ExitCode.OK, build.code, build.err.toString());
    assertCompact("build --json", build.out.toString());
    Path image = out.resolve("t.x86_64-1.0.raw");
    assertCompact("manifest", Files.readString(out.resolve("t.x86_64-1.0.json")));
    for (String command : new String[] {"inspect", "verify"}) {
      CliRun r = new CliRun(command, image, "--json");
      assertEquals(ExitCode.OK, r.code, r.err.toString());
      assertCompact(command + " --json", r.out.toString());
    }
    CliRun describe = new CliRun("describe", desc, "--json", "--target-arch", "x86_64");
    assertCompact("describe --json", describe.out.toString());
    Path data = dir.resolve("data");
    Files.write(data, new byte[8192]);
    CliRun verity =
        new CliRun("verity", "format", data, dir.resolve("hash"), "--salt", "-", "--json");
    assertEquals(ExitCode.OK, verity.code, verity.err.toString());
    assertCompact("verity format --json", verity.out.toString());
  }
}
