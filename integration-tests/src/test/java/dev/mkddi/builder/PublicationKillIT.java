package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mkddi.gpt.GptReader;
import dev.mkddi.gpt.GptTable;
import dev.mkddi.gpt.VerityUuids;
import dev.mkddi.io.Hex;
import dev.mkddi.it.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code ./mkddi build} (SIGKILL) after each step of the publication of its outputs and at
 * random moments, while it replaces an earlier build's set in the same directory, and checks what a
 * reader then finds: the image and only side files of the same build (systemd-dissect accepts the
 * image with its {@code .roothash}, openssl verifies the {@code .roothash.p7s} over the image's
 * root hash, {@code mkddi verify} passes), the manifest only beside a complete set; and that the
 * next build cleans up (no {@code .tmp}, no work directory, a complete set). Ctrl-C (SIGINT) during
 * or after the publication finishes it and says so. Seeded ({@code -Dmkddi.kill.seed=N}); {@code
 * -Dmkddi.kill.random=N} sets the number of random kills (default 6).
 */
class PublicationKillIT {
  private static final String BASE = "k.x86_64-1.0";
  private static final Pattern PAUSED =
      Pattern.compile("mkddi-test: publishing paused after ([0-9]+) of ([0-9]+)");
  private static final String PAUSE = "-Dmkddi.test.pausePublishingAt=";

  @TempDir Path dir;
  private Path desc;
  private Path out;
  private int generation;

  /** A signed description with ~1 MiB of root data; {@link #next} changes its content. */
  private void setUp() throws Exception {
    Tools.require("openssl", "systemd-dissect");
    Tools.requireRoot(); // systemd-dissect attaches the image to a loop device
    desc = Files.createDirectories(dir.resolve("desc"));
    out = dir.resolve("out");
    Files.createDirectories(desc.resolve("root/etc"));
    Files.createDirectories(desc.resolve("keys"));
    Files.writeString(desc.resolve("root/etc/os-release"), "ID=kill\nVERSION_ID=1\n");
    byte[] data = new byte[1 << 20];
    new Random(12).nextBytes(data);
    Files.write(desc.resolve("root/data.bin"), data);
    Tools.selfSignedCertificate(
        desc.resolve("keys/verity.key"), desc.resolve("keys/verity.crt"), "/CN=kill it");
    Files.writeString(
        desc.resolve("config.xml"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <image schemaversion="8.5" name="k">
          <description type="system">
            <author>a</author><contact>a@example.org</contact><specification>s</specification>
          </description>
          <preferences>
            <version>1.0</version>
            <type image="oem" filesystem="erofs" verity_partition="true"
                  verity_signature_required="true" verity_signature_key="keys/verity.key"
                  verity_signature_certificate="keys/verity.crt"/>
          </preferences>
        </image>
        """);
  }

  /** Gives the next build other content, so that its set differs from the one in place. */
  private void next() throws IOException {
    Files.writeString(desc.resolve("root/etc/generation"), Integer.toString(++generation));
  }

  private List<String> buildCommand() {
    return Tools.mkddiCommand(
        "build",
        desc.toString(),
        "--target-dir",
        out.toString(),
        "--seed",
        "4a6f0e5c-9d8e-4a36-9a57-3c2b2f8a1d10",
        "--target-arch",
        "x86_64");
  }

  /** Builds to completion and returns the set. */
  private Map<String, String> build() throws Exception {
    Tools.run(null, buildCommand()).ok();
    Map<String, String> set = files();
    assertTrue(set.containsKey(BASE + ".json"), set.keySet().toString());
    try (Stream<Path> all = Files.list(out)) {
      List<String> names = all.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.copyOf(new TreeMap<>(set).keySet()), names, "the build cleaned up");
    }
    return set;
  }

  /** The set's files in {@code out}: name and content (ISO-8859-1 text, to compare bytes). */
  private Map<String, String> files() throws IOException {
    Map<String, String> set = new TreeMap<>();
    try (Stream<Path> all = Files.list(out)) {
      for (Path p : all.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(BASE) && !n.endsWith(".tmp")) {
          set.put(n, Files.readString(p, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return set;
  }

  /** A started build and its stderr (when piped). */
  private record Run(Process process, BufferedReader err) {}

  /**
   * Starts a build with the publication paused after {@code step} (negative: no pause, and its
   * stderr discarded).
   */
  private Run start(long step) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(buildCommand());
    if (step >= 0) {
      pb.environment().put("MKDDI_JAVA_OPTS", PAUSE + step);
    } else {
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    return new Run(
        p, new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)));
  }

  /** Waits for the pause line on the build's stderr; returns the number of steps. */
  private static long awaitPause(Run run, List<String> stderr) throws Exception {
    CompletableFuture<Long> total =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = run.err().readLine();
                    line != null;
                    line = run.err().readLine()) {
                  stderr.add(line);
                  Matcher m = PAUSED.matcher(line);
                  if (m.matches()) {
                    return Long.parseLong(m.group(2));
                  }
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              return -1L;
            });
    long n = total.get(5, TimeUnit.MINUTES);
    if (n < 0) {
      fail("the build ended without pausing: " + stderr);
    }
    return n;
  }

  /** The Java process of a build started through the launcher (itself, or its child). */
  private static ProcessHandle java(Process p) {
    ProcessHandle self = p.toHandle();
    if (self.info().command().orElse("").endsWith("java")) {
      return self;
    }
    return p.descendants()
        .filter(h -> h.info().command().orElse("").endsWith("java"))
        .findFirst()
        .orElse(self);
  }

  private static void kill(Run run, String signal) throws Exception {
    Process p = run.process();
    ProcessHandle j = java(p);
    Tools.run("kill", "-" + signal, Long.toString(j.pid())).ok();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the build did not end after SIG" + signal);
  }

  /**
   * What a reader finds in {@code out} right after a kill: the image and side files of one build
   * only, each of {@code before}'s set or {@code after}'s (the set the killed build would have
   * written, which a rebuild writes bit for bit), a manifest only beside a complete set, and the
   * real consumers agree.
   */
  private void checkConsistent(
      String when, Map<String, String> seen, Map<String, String> before, Map<String, String> after)
      throws Exception {
    String raw = seen.get(BASE + ".raw");
    assertTrue(raw != null, when + ": the image is gone: " + seen.keySet());
    Map<String, String> owner = raw.equals(before.get(BASE + ".raw")) ? before : after;
    assertEquals(owner.get(BASE + ".raw"), raw, when + ": the image is of neither build");
    for (Map.Entry<String, String> f : seen.entrySet()) {
      assertEquals(
          owner.get(f.getKey()),
          f.getValue(),
          when + ": " + f.getKey() + " is not of the build whose image is in place (mixed set)");
    }
    assertEquals(
        seen.keySet().equals(owner.keySet()),
        seen.containsKey(BASE + ".json"),
        when + ": the manifest must mark a complete set: " + seen.keySet());
  }

  /** The consumers on what is in {@code out} now. */
  private void checkConsumers(String when) throws Exception {
    Path img = out.resolve(BASE + ".raw");
    String rootHash;
    try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
      GptTable t = GptReader.read(ch, img.toString()).table();
      rootHash =
          Hex.encode(
              VerityUuids.rootHash(
                  t.partitions().get(0).uniqueGuid(), t.partitions().get(1).uniqueGuid()));
    }
    Tools.Result dissect = Tools.run("systemd-dissect", "--json=short", img.toString());
    assertEquals(0, dissect.exitCode(), when + ": systemd-dissect: " + dissect.stderr());
    Path hashFile = out.resolve(BASE + ".roothash");
    Path p7s = out.resolve(BASE + ".roothash.p7s");
    if (Files.exists(hashFile)) {
      assertEquals(rootHash, Files.readString(hashFile), when + ": .roothash");
    }
    if (Files.exists(p7s)) {
      Path content = dir.resolve("content");
      Files.writeString(content, rootHash);
      Tools.run(
              "openssl",
              "smime",
              "-verify",
              "-binary",
              "-inform",
              "der",
              "-in",
              p7s.toString(),
              "-content",
              content.toString(),
              "-noverify",
              "-nointern",
              "-certfile",
              desc.resolve("keys/verity.crt").toString(),
              "-out",
              "/dev/null")
          .ok();
    }
    Tools.Result verify = Tools.mkddi("verify", img.toString());
    assertEquals(0, verify.exitCode(), when + ": mkddi verify: " + verify.stderr());
  }

  @Test
  void testKill_afterEachPublicationStepAndAtRandomMoments_neverMixesTwoSets() throws Exception {
    setUp();
    long seed = Long.getLong("mkddi.kill.seed", System.nanoTime());
    int randomKills = Integer.getInteger("mkddi.kill.random", 6);
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    Map<String, String> before = build();
    long buildNanos = System.nanoTime() - t0;
    List<String> kills = new ArrayList<>();
    long steps = Long.MAX_VALUE;
    for (long k = 0; k <= steps; k++) {
      next();
      Run run = start(k);
      steps = awaitPause(run, new ArrayList<>());
      kill(run, "KILL");
      String when = "SIGKILL after publication step " + k + " of " + steps + " (seed " + seed + ")";
      before = check(when, before, kills);
    }
    for (int i = 0; i < randomKills; i++) {
      next();
      long delay = (long) (random.nextDouble() * buildNanos);
      Run run = start(-1);
      boolean killed = !run.process().waitFor(delay, TimeUnit.NANOSECONDS);
      if (killed) {
        kill(run, "KILL");
      }
      String when =
          (killed ? "SIGKILL " : "no kill, the build ended before ")
              + delay / 1_000_000
              + " ms after the start (seed "
              + seed
              + ")";
      before = check(when, before, kills);
    }
    System.out.printf(
        "kill test: %d kills after publication steps and %d at random moments, 0 mixed sets,"
            + " every consumer accepted every state (seed %d): %s%n",
        steps + 1, randomKills, seed, kills);
  }

  /**
   * After a kill: the consumers on what is there, then a rebuild (which must clean up and writes
   * the set the killed build would have written), then what was there against both sets.
   *
   * @return the rebuilt set
   */
  private Map<String, String> check(String when, Map<String, String> before, List<String> kills)
      throws Exception {
    Map<String, String> seen = files();
    checkConsumers(when);
    Map<String, String> after = build();
    checkConsistent(when, seen, before, after);
    String owner = seen.get(BASE + ".raw").equals(before.get(BASE + ".raw")) ? "old" : "new";
    kills.add(owner + "/" + seen.size() + "of" + (owner.equals("old") ? before : after).size());
    return after;
  }

  @Test
  void testInterrupt_duringOrAfterPublication_finishesItAndSaysSo() throws Exception {
    setUp();
    build();
    long steps = -1;
    for (int last = 0; last < 2; last++) {
      next();
      Run run = start(last == 0 ? 2 : steps);
      List<String> stderr = new ArrayList<>();
      steps = awaitPause(run, stderr);
      kill(run, "INT");
      run.err().lines().forEach(stderr::add);
      assertEquals(130, run.process().exitValue(), stderr.toString());
      assertTrue(
          stderr.contains(
              "mkddi: interrupted after publishing "
                  + out.resolve(BASE + ".raw")
                  + ": the image and its side files are complete and in place"),
          stderr.toString());
      Map<String, String> seen = files();
      Map<String, String> again = build();
      assertEquals(again, seen, "the interrupted build published its whole set");
    }
  }
}
