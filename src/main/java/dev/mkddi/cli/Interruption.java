package dev.mkddi.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the user reads when Ctrl-C or SIGTERM stops mkddi: one line, printed by a shutdown hook,
 * saying which command was interrupted and what became of its output ({@code mkddi: build
 * interrupted: nothing was written to out …}). The command updates the line as it goes ({@link
 * #onInterrupt}), so an interruption after the outputs were published says so instead of claiming
 * that nothing was written.
 *
 * <p>On a signal the JVM runs every shutdown hook at once: those of the outputs ({@code
 * AtomicFile}, {@code WorkDirectory}) delete the temporary files. The directories {@code build}
 * created for {@code --target-dir} can only go after them, once empty: {@link #removeWhenEmpty}
 * hands them to {@link File#deleteOnExit}, whose deletions the JVM makes after the last shutdown
 * hook has finished, deepest first, and only of empty directories (so a successful build's
 * directory, or one another process wrote into meanwhile, stays).
 *
 * <p>Only {@link Main#main} installs one; in-process runs use {@link #NONE}. Thread-safe.
 */
final class Interruption implements AutoCloseable {
  /** No hook: nothing is printed, nothing is removed at exit. */
  static final Interruption NONE = new Interruption(System.err, "", false);

  private final PrintStream err;
  private final @Nullable Thread hook;
  private volatile @Nullable String message;

  private Interruption(PrintStream err, String message, boolean install) {
    this.err = err;
    this.message = message;
    if (install) {
      Thread t = new Thread(this::report, "mkddi-interrupted");
      Runtime.getRuntime().addShutdownHook(t);
      this.hook = t;
    } else {
      this.hook = null;
    }
  }

  /**
   * Installs the hook; {@link #close} removes it when the command ends on its own.
   *
   * @param err where the line goes
   * @param command the command's qualified name ({@code mkddi build})
   * @return the installed interruption
   */
  static Interruption install(PrintStream err, String command) {
    return new Interruption(err, command + " interrupted", true);
  }

  /**
   * @param line what to print if the process is interrupted from now on, without the {@code mkddi:
   *     } prefix
   */
  void onInterrupt(String line) {
    message = line;
  }

  /**
   * From now on an interruption prints nothing here: the build has begun to publish its outputs,
   * and {@link PublicationWatch} reports what is in place.
   */
  void leaveToPublication() {
    message = null;
  }

  /**
   * Removes {@code dirs} at exit when they are empty by then: after an interruption, once the
   * outputs' hooks have deleted the temporary files in them. A no-op for {@link #NONE}.
   *
   * @param dirs directories, outermost first
   */
  void removeWhenEmpty(List<Path> dirs) {
    if (hook == null) {
      return;
    }
    // deleteOnExit deletes in the reverse order of registration: the deepest first
    for (Path d : dirs) {
      d.toFile().deleteOnExit();
    }
  }

  /**
   * The directories of {@code dir} that do not exist yet, outermost first: those a build into it
   * creates.
   *
   * @param dir an output directory
   * @return the missing directories, {@code dir} last when missing
   */
  static List<Path> missing(Path dir) {
    List<Path> missing = new ArrayList<>();
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      missing.add(0, p);
      p = p.getParent();
    }
    return missing;
  }

  /** The command ended on its own: no line at exit. */
  @Override
  public void close() {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // interrupted just now: the hook prints the line the command left
    }
  }

  private void report() {
    String m = message;
    if (m == null) {
      return;
    }
    err.println("mkddi: " + m);
    err.flush();
  }
}
