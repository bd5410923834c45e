package dev.mkddi.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for integration tests: running the real tools and mkddi. A missing tool or missing root
 * fails the test on CI ({@code CI} set) and skips it elsewhere.
 */
public final class Tools {
  private Tools() {}

  /** Result of a finished process. */
  public record Result(int exitCode, String stdout, String stderr) {
    /**
     * @return this result, after failing the test when the exit code is not 0
     */
    public Result ok() {
      if (exitCode != 0) {
        fail("exit code " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
      }
      return this;
    }
  }

  /**
   * Requires the named commands on PATH.
   *
   * @param tools command names
   */
  public static void require(String... tools) {
    for (String t : tools) {
      boolean found = false;
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, t))) {
          found = true;
          break;
        }
      }
      if (!found) {
        unavailable("tool '" + t + "' is missing (run .ci/install-tools)");
      }
    }
  }

  /** Requires root (loop mounts, device nodes). */
  public static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      unavailable("needs root");
    }
  }

  private static void unavailable(String why) {
    if (System.getenv("CI") != null) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  /**
   * Runs a command and waits for it (at most 10 minutes).
   *
   * @param dir working directory, or null for the current one
   * @param cmd the command and its arguments
   * @return the result
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
    return run(Map.of(), dir, cmd, TimeUnit.MINUTES.toSeconds(10));
  }

  /**
   * Runs a command and waits for it.
   *
   * @param dir working directory, or null for the current one
   * @param cmd the command and its arguments
   * @param timeoutSeconds how long to wait before killing it and failing the test
   * @return the result
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result run(Path dir, List<String> cmd, long timeoutSeconds)
      throws IOException, InterruptedException {
    return run(Map.of(), dir, cmd, timeoutSeconds);
  }

  /**
   * Runs a command with extra environment variables and waits for it.
   *
   * @param env variables to set (an empty value removes the variable)
   * @param dir working directory, or null for the current one
   * @param cmd the command and its arguments
   * @param timeoutSeconds how long to wait before killing it and failing the test
   * @return the result
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result run(Map<String, String> env, Path dir, List<String> cmd, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    env.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Path out = Files.createTempFile("mkddi-it", ".out");
    Path err = Files.createTempFile("mkddi-it", ".err");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("timed out: " + cmd);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Runs a command in the current directory.
   *
   * @param cmd the command and its arguments
   * @return the result
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result run(String... cmd) throws IOException, InterruptedException {
    return run(null, List.of(cmd));
  }

  /**
   * Runs mkddi through the source checkout's launcher ({@code ./mkddi}), so the tests run the JVM
   * options, JIT choice and class-data archive users get ({@code src/main/launcher/jvm.options}).
   *
   * @param args mkddi arguments
   * @return the result
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result mkddi(String... args) throws IOException, InterruptedException {
    return mkddi(Map.of(), args);
  }

  /**
   * Runs mkddi through the launcher with extra environment variables.
   *
   * @param env variables to set (an empty value removes the variable)
   * @param args mkddi arguments
   * @return the result
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static Result mkddi(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return run(env, null, mkddiCommand(args), TimeUnit.MINUTES.toSeconds(10));
  }

  /**
   * @param args mkddi arguments
   * @return the command line that runs mkddi with these arguments through the launcher
   */
  public static List<String> mkddiCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * @return the source checkout's launcher, {@code <mkddi.root>/mkddi}
   */
  public static Path launcher() {
    return Path.of(System.getProperty("mkddi.root", ".")).resolve("mkddi").toAbsolutePath();
  }

  /**
   * Makes an RSA-2048 key and a self-signed certificate for it (valid for ten years) with {@code
   * openssl req -x509}, failing the test when openssl fails.
   *
   * @param key where the PEM private key goes
   * @param cert where the PEM certificate goes
   * @param subject the certificate's subject, e.g. {@code /CN=mkddi it}
   * @throws IOException when openssl cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  public static void selfSignedCertificate(Path key, Path cert, String subject)
      throws IOException, InterruptedException {
    run(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            subject,
            "-days",
            "3650",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString())
        .ok();
  }

  /**
   * Inverts one byte of a file, to damage it.
   *
   * @param file the file
   * @param offset the byte's offset
   * @throws IOException when the file cannot be read or written
   */
  public static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(~b);
    }
  }
}
