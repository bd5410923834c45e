package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.io.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken description per rule ({@code *-fail} fixtures): each fails to load with, or loads with
 * exactly, the messages and positions in its {@code expected.txt}. That file lists {@code error
 * MESSAGE} (loading fails) or {@code problem MESSAGE} lines (loading succeeds and {@code build}
 * would refuse), after optional {@code options} lines: {@code profile=NAME}, {@code arch=NAME}
 * (first), {@code strict}, {@code keys=mismatched|key-only|ec-pair} (keys made at test time, never
 * committed).
 */
class DescriptionLoaderFailTest {
  @TempDir Path tmp;

  static Stream<String> failScenarios() {
    return Fixtures.scenarios("-fail").stream();
  }

  @ParameterizedTest
  @MethodSource("failScenarios")
  void testLoad_failFixture_exactMessageAndPosition(String scenario) throws Exception {
    Path dir = tmp.resolve(scenario);
    Fixtures.copyTree(Fixtures.scenario(scenario), dir);
    List<String> expected = new ArrayList<>();
    LoadOptions options = LoadOptions.forArch("x86_64");
    for (String line : Files.readAllLines(dir.resolve("expected.txt"))) {
      if (line.startsWith("options ")) {
        for (String o : line.substring(8).split(" ")) {
          options = apply(o, options, dir);
        }
      } else if (!line.isBlank()) {
        expected.add(line);
      }
    }
    assertTrue(!expected.isEmpty(), "expected.txt lists nothing");
    String prefix = dir + "/";
    if (expected.get(0).startsWith("error ")) {
      LoadOptions o = options;
      DescriptionException e =
          assertThrows(
              DescriptionException.class,
              () -> DescriptionLoader.load(dir, o, ProgressListener.NONE));
      assertEquals(expected.get(0).substring(6), e.getMessage().replace(prefix, ""));
      assertEquals(1, expected.size(), "an error is one line");
      assertEquals(
          e.getMessage(),
          e.location() + e.getMessage().substring(e.location().toString().length()),
          "message starts with the location");
      return;
    }
    ImageDescription d = DescriptionLoader.load(dir, options, ProgressListener.NONE);
    List<String> actual =
        d.problems().stream().map(p -> "problem " + p.toString().replace(prefix, "")).toList();
    assertEquals(expected, actual);
    DescriptionException e = assertThrows(DescriptionException.class, d::validateForBuild);
    assertTrue(e.getMessage().startsWith(d.problems().get(0).toString()), e.getMessage());
  }

  private static LoadOptions apply(String option, LoadOptions options, Path dir) throws Exception {
    if (option.equals("strict")) {
      return options.withStrict(true);
    }
    if (option.startsWith("arch=")) {
      return LoadOptions.forArch(option.substring(5))
          .withProfiles(options.profiles())
          .withStrict(options.strict());
    }
    if (option.startsWith("profile=")) {
      return options.withProfiles(List.of(option.substring(8)));
    }
    if (option.equals("keys=mismatched")) {
      KeyPair a = TestKeys.generate("RSA");
      KeyPair b = TestKeys.generate("RSA");
      TestKeys.writeKey(a, dir.resolve("keys/verity.key"));
      TestKeys.writeCertificate(b, dir.resolve("keys/verity.crt"));
      return options;
    }
    if (option.equals("keys=ec-pair")) {
      TestKeys.writePair("EC", dir.resolve("keys/verity.key"), dir.resolve("keys/verity.crt"));
      return options;
    }
    if (option.equals("keys=key-only")) {
      TestKeys.writeKey(TestKeys.generate("EC"), dir.resolve("keys/verity.key"));
      return options;
    }
    fail("unknown option in expected.txt: " + option);
    return options;
  }
}
