package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.cli.DescribeOutput;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feeds seeded random mutations of every corpus description and example to the loader: each either
 * loads (and its plan renders) or fails with a one-line {@link InvalidInputException}; never
 * another exception. A failure names the seed and iteration to reproduce it.
 */
class DescriptionFuzzTest {
  private static final int ITERATIONS = 150;
  private static final String[] TOKENS = {
    "<",
    ">",
    "\"",
    "'",
    "&",
    "=",
    "&amp;",
    "</type>",
    "<type image=\"oem\"/>",
    "<size>99999999999999999999</size>",
    " verity_blocks=\"0\"",
    " update_slots=\"2\"",
    " x=\"1\"",
    "<!--",
    "]]>",
    "é",
    "<partition name=\"\" size=\"0\"/>",
    "<bootloader name=\"systemd_boot\"/>",
    "<include from=\"this://config.xml\"/>",
    "<preferences profiles=\"a\"/>",
    "<uki kernel=\"\"/>",
    " target_blocksize=\"0\"",
    "<partitions/>",
    " firmware=\"efi\"",
    "<dracut><uki><kernel name=\"/x\"/></uki></dracut>"
  };
  private static final String[] VALUES = {
    "",
    "0",
    "-1",
    "all",
    "true",
    "1",
    "99999999999999999999",
    "../../etc/passwd",
    "/abs",
    "8.5",
    "7.4",
    "oem",
    "efi",
    "x",
    "2",
    "4096",
    "65536",
    "G",
    " ",
    "a,b"
  };
  private static final String[] ATTRIBUTES = {
    "verity_partition",
    "embed_verity_metadata",
    "verity_blocks",
    "veritypartsize",
    "verity_signature_required",
    "verity_signature_key",
    "verity_signature_certificate",
    "verity_hash_algorithm",
    "verity_data_block_size",
    "update_slots",
    "update_slot_size",
    "firmware",
    "efipartsize",
    "filesystem",
    "target_blocksize",
    "kernelcmdline",
    "primary",
    "image",
    "name",
    "size",
    "partition_name",
    "mountpoint",
    "timeout",
    "kernel",
    "profiles",
    "arch",
    "unit",
    "additive",
    "rootfs_label",
    "target_dir",
    "import",
    "format",
    "vga"
  };
  private static final Pattern VALUE = Pattern.compile("=\"[^\"]*\"");
  private static final Pattern TAG = Pattern.compile("<([a-z_]+)");
  private static final Pattern PLAN_TAG =
      Pattern.compile("<(type|partition|bootloader|uki|size|archive|packages|image)\\b");

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 19})
  void testLoad_mutatedDescriptions_neverAnUncaughtException(long seed) throws Exception {
    Random random = new Random(seed);
    List<Path> sources = new ArrayList<>();
    for (String s : Fixtures.scenarios("")) {
      if (!s.endsWith("-fail")) {
        sources.add(Fixtures.scenario(s));
      }
    }
    for (String e : List.of("minimal", "signed", "ab-update", "kiwi-appliance")) {
      sources.add(Path.of("examples", e));
    }
    for (int i = 0; i < ITERATIONS; i++) {
      int pick = random.nextInt(sources.size());
      Path source = sources.get(pick);
      Path dir = tmp.resolve(Integer.toString(pick));
      if (!Files.exists(dir)) {
        Fixtures.copyTree(source, dir);
      }
      Path file = DescriptionLoader.findFile(source);
      String original = Files.readString(file);
      file = dir.resolve(source.relativize(file).toString());
      String mutant = original;
      int rounds = 1 + random.nextInt(2);
      for (int r = 0; r < rounds; r++) {
        mutant = mutate(mutant, random);
      }
      Files.writeString(file, mutant);
      LoadOptions options =
          LoadOptions.forArch(random.nextBoolean() ? "x86_64" : "aarch64")
              .withStrict(random.nextInt(10) == 0)
              .withProfiles(random.nextInt(10) == 0 ? List.of("dev") : List.of());
      try {
        ImageDescription d = DescriptionLoader.load(dir, options, ProgressListener.NONE);
        assertFalse(DescribeOutput.toText(d).isEmpty());
        assertFalse(DescribeOutput.toJson(d).isEmpty());
      } catch (InvalidInputException e) {
        if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
          fail("seed " + seed + " iteration " + i + ": not one line: " + e.getMessage());
        }
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            "seed "
                + seed
                + " iteration "
                + i
                + " ("
                + source
                + "): "
                + e
                + "\n--- mutant ---\n"
                + mutant,
            e);
      }
    }
  }

  private static String mutate(String s, Random random) {
    if (s.isEmpty()) {
      return TOKENS[random.nextInt(TOKENS.length)];
    }
    int at = random.nextInt(s.length());
    int kind = random.nextInt(20);
    if (kind >= 7) {
      return kind <= 13 ? replaceValue(s, random) : addAttribute(s, random);
    }
    switch (kind) {
      case 0:
        return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(20)));
      case 1:
        return s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(at);
      case 2:
        {
          List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
          int l = random.nextInt(lines.size());
          lines.add(l, lines.get(l));
          return String.join("\n", lines);
        }
      case 3:
        return replaceValue(s, random);
      case 4:
        {
          List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
          int a = random.nextInt(lines.size());
          int b = random.nextInt(lines.size());
          String t = lines.get(a);
          lines.set(a, lines.get(b));
          lines.set(b, t);
          return String.join("\n", lines);
        }
      case 5:
        return s.substring(0, at);
      default:
        {
          List<int[]> tags = spans(TAG.matcher(s));
          if (tags.isEmpty()) {
            return s;
          }
          int[] t = tags.get(random.nextInt(tags.size()));
          String[] names = {
            "type",
            "size",
            "packages",
            "archive",
            "bootloader",
            "uki",
            "partition",
            "preferences",
            "profile",
            "include",
            "users",
            "typo"
          };
          return s.substring(0, t[0])
              + "<"
              + names[random.nextInt(names.length)]
              + s.substring(t[1]);
        }
    }
  }

  private static String replaceValue(String s, Random random) {
    List<int[]> spots = spans(VALUE.matcher(s));
    spots.removeIf(v -> v[0] < s.indexOf("?>"));
    if (spots.isEmpty()) {
      return s;
    }
    int[] v = spots.get(random.nextInt(spots.size()));
    return s.substring(0, v[0])
        + "=\""
        + VALUES[random.nextInt(VALUES.length)]
        + "\""
        + s.substring(v[1]);
  }

  private static String addAttribute(String s, Random random) {
    List<int[]> tags = spans(PLAN_TAG.matcher(s));
    if (tags.isEmpty()) {
      return s;
    }
    int[] t = tags.get(random.nextInt(tags.size()));
    String attribute = ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
    int end = s.indexOf('>', t[1]);
    if (s.substring(t[1], end < 0 ? s.length() : end).contains(" " + attribute + "=")) {
      return s;
    }
    return s.substring(0, t[1])
        + " "
        + attribute
        + "=\""
        + VALUES[random.nextInt(VALUES.length)]
        + "\""
        + s.substring(t[1]);
  }

  private static List<int[]> spans(Matcher m) {
    List<int[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }
}
