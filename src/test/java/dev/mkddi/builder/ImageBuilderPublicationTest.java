package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.description.LoadOptions;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a build publishes its set of outputs over an earlier build's set: at every step of the
 * publication (the listener's {@link ImageBuilder#PUBLISHING} step), the files a reader finds
 * beside the image belong to the same build as the image, and the manifest, written last, is there
 * only once the set is complete.
 */
class ImageBuilderPublicationTest {
  private static final String BASE = "t.x86_64-1.0";

  @TempDir Path dir;

  /** A signed description whose root holds {@code content}, so two contents give two sets. */
  private Path description(String name, String content) throws IOException {
    Path d =
        TestImages.description(
            dir.resolve(name),
            "verity_partition=\"true\" verity_signature_required=\"true\""
                + " verity_signature_key=\"keys/test-only-rsa.key\""
                + " verity_signature_certificate=\"keys/test-only-rsa.crt\"");
    Files.writeString(d.resolve("root/etc/content"), content);
    Files.createDirectories(d.resolve("keys"));
    for (String f : List.of("test-only-rsa.key", "test-only-rsa.crt")) {
      Files.copy(TestImages.signFixture(f), d.resolve("keys").resolve(f));
    }
    return d;
  }

  private static BuildResult build(Path desc, Path out, ProgressListener l, boolean split)
      throws IOException {
    return new ImageBuilder(l)
        .build(
            new BuildRequest(
                desc,
                LoadOptions.forArch("x86_64"),
                out,
                Optional.of(TestImages.SEED),
                Optional.empty(),
                Optional.empty(),
                split));
  }

  /** The files of the set in {@code out}, by name, with their bytes (as ISO-8859-1 text). */
  private static Map<String, String> snapshot(Path out) {
    Map<String, String> files = new HashMap<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(BASE) && !n.endsWith(".tmp")) {
          files.put(n, Files.readString(p, StandardCharsets.ISO_8859_1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  @Test
  void testPublish_readersNeverSeeTwoBuildsMixed() throws Exception {
    Path out = dir.resolve("out");
    build(description("a", "first"), out, ProgressListener.NONE, true);
    Map<String, String> first = snapshot(out);
    assertTrue(first.containsKey(BASE + ".roothash.p7s"), first.keySet().toString());

    List<Map<String, String>> seen = new ArrayList<>();
    long[] total = {-1};
    ProgressListener watch =
        new ProgressListener() {
          @Override
          public Step begin(String name, long n) {
            if (!name.startsWith(ImageBuilder.PUBLISHING)) {
              return Step.NONE;
            }
            total[0] = n;
            seen.add(snapshot(out));
            return units -> seen.add(snapshot(out));
          }
        };
    build(description("b", "second"), out, watch, true);
    Map<String, String> second = snapshot(out);

    assertEquals(total[0] + 1, seen.size(), "one look before the publication, one per step");
    assertEquals(first, seen.get(0), "nothing changes before the publication");
    assertEquals(second.keySet(), first.keySet());
    for (int i = 0; i < seen.size(); i++) {
      Map<String, String> now = seen.get(i);
      Map<String, String> owner =
          now.get(BASE + ".raw").equals(first.get(BASE + ".raw")) ? first : second;
      for (Map.Entry<String, String> f : now.entrySet()) {
        assertTrue(
            f.getValue().equals(owner.get(f.getKey())),
            "step " + i + ": " + f.getKey() + " belongs to the other build than " + BASE + ".raw");
      }
      boolean complete = now.keySet().equals(owner.keySet());
      assertEquals(
          complete,
          now.containsKey(BASE + ".json"),
          "step " + i + ": the manifest marks a complete set: " + now.keySet());
      if (now.containsKey(BASE + ".roothash")) {
        assertTrue(now.containsKey(BASE + ".roothash.p7s"), "step " + i + ": root hash unsigned");
      }
    }
    assertEquals(second, seen.get(seen.size() - 1));
  }

  @Test
  void testPublish_leftoversOfAKilledBuildAreRemoved() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("." + BASE + ".work"));
    // what a SIGKILL during a signed --split build leaves behind; this build is neither
    for (String ext : List.of("roothash.p7s.tmp", "root-x86-64.raw.tmp", "raw.tmp", "json.tmp")) {
      Files.writeString(out.resolve(BASE + "." + ext), "leftover");
    }
    Files.writeString(out.resolve(BASE + ".notes.tmp"), "not ours");
    Path plain = TestImages.description(dir.resolve("p"), "verity_partition=\"true\"");
    build(plain, out, ProgressListener.NONE, false);
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(
          List.of(
              BASE + ".cmdline",
              BASE + ".json",
              BASE + ".notes.tmp",
              BASE + ".raw",
              BASE + ".roothash"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertFalse(Files.exists(out.resolve("." + BASE + ".work")));
  }
}
