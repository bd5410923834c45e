package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mkddi.description.HostTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regression corpus: real-shaped kiwi descriptions (written for mkddi, one per construct of
 * issue 13 and of kiwi's own build tests) and the exact {@code mkddi describe} output each gives —
 * exit code, stdout and stderr, with the scenario's directory shown as {@code $DIR}. A scenario
 * directory holds the description, optional {@code args} (extra arguments, one per line; {@code
 * $DIR} is the scenario's copy), optional {@code requires} (programs the description needs on the
 * PATH, one per line, such as {@code mkfs.xfs}: without them the scenario is skipped, as the unit
 * tests need no external tools; CI installs them) and the golden {@code describe.txt}. After a
 * deliberate change of output, {@code mvn -B test -Dtest=DescribeCorpusTest -Dcorpus.update=true}
 * rewrites the goldens; read their diff before committing it.
 */
class DescribeCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/dev/mkddi/cli/corpus");

  @TempDir Path tmp;

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> s = Files.list(CORPUS)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void testDescribe_corpusScenario_matchesGolden(String scenario) throws Exception {
    Path source = CORPUS.resolve(scenario);
    Path requires = source.resolve("requires");
    if (Files.exists(requires)) {
      HostTools tools = HostTools.fromPath(System.getenv("PATH"));
      for (String program : Files.readAllLines(requires)) {
        assumeTrue(
            program.isBlank() || tools.find(program.strip()).isPresent(),
            scenario + " needs " + program + " on the PATH");
      }
    }
    Path dir = tmp.resolve(scenario);
    copy(source, dir);
    List<Object> args = new ArrayList<>(List.of("describe", dir));
    Path argsFile = source.resolve("args");
    if (Files.exists(argsFile)) {
      for (String a : Files.readAllLines(argsFile)) {
        if (!a.isBlank()) {
          args.add(a.strip().replace("$DIR", dir.toString()));
        }
      }
    }
    if (!args.contains("--target-arch")) {
      args.addAll(List.of("--target-arch", "x86_64"));
    }
    CliRun run = new CliRun(args.toArray());
    String actual =
        ("exit " + run.code + "\n--- stdout\n" + run.out + "--- stderr\n" + run.err + run.warnings)
            .replace(dir.toString(), "$DIR");
    Path golden = source.resolve("describe.txt");
    if (Boolean.getBoolean("corpus.update")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, scenario);
  }

  /** Copies the scenario without its golden and args files. */
  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        String rel = from.relativize(p).toString();
        if (rel.equals("describe.txt") || rel.equals("args") || rel.equals("requires")) {
          continue;
        }
        Path target = to.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
