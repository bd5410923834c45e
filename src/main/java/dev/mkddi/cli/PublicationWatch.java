package dev.mkddi.cli;

import dev.mkddi.builder.ImageBuilder;
import dev.mkddi.io.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Follows the publication of a build's outputs ({@link ImageBuilder#PUBLISHING}) for {@code mkddi
 * build}: when the process is stopped (Ctrl-C, SIGTERM) after the whole set was published but
 * before the build reported it, it says so in one line instead of the usual output, so that an
 * interrupted build never hides a complete set. A stop during the publication lets it finish first
 * (the builder holds the shutdown until then) and is reported the same way.
 *
 * <p>For the kill tests of {@code integration-tests}, {@link #pauseAt} makes the publication stop
 * after that many of its steps, print {@code mkddi-test: publishing paused after N of M} on stderr
 * and wait until the process is killed or shut down. Thread-safe.
 */
final class PublicationWatch implements ProgressListener {
  /** The system property that sets {@link #pauseAt} (only the kill tests set it). */
  static final String PAUSE_PROPERTY = "mkddi.test.pausePublishingAt";

  private static final long POLL_MILLIS = 10;
  private static final long MAX_WAIT_SECONDS = 60;

  private final ProgressListener delegate;
  private final PrintStream err;
  private final long pauseAt;
  private final Runnable onPublishing;
  private final Thread hook = new Thread(this::onShutdown, "mkddi-publication-watch");
  private final AtomicLong done = new AtomicLong();
  private volatile @Nullable String image;
  private volatile long total = -1;
  private volatile boolean publishing;
  private volatile boolean reported;
  private volatile boolean shuttingDown;

  /**
   * @param delegate the listener that renders progress and warnings
   * @param err where the line goes
   * @param pauseAt the publication step to pause after (kill tests), or a negative number
   * @param onPublishing runs when the publication begins (before its first rename)
   */
  private PublicationWatch(
      ProgressListener delegate, PrintStream err, long pauseAt, Runnable onPublishing) {
    this.delegate = delegate;
    this.err = err;
    this.pauseAt = pauseAt;
    this.onPublishing = onPublishing;
  }

  /**
   * @param delegate the listener that renders progress and warnings
   * @param err where the line goes
   * @param pauseAt the publication step to pause after (kill tests), or a negative number
   * @param onPublishing runs when the publication begins (before its first rename)
   * @return a watch whose shutdown hook is installed; call {@link #claimReport} before printing the
   *     build's outcome
   */
  static PublicationWatch install(
      ProgressListener delegate, PrintStream err, long pauseAt, Runnable onPublishing) {
    PublicationWatch w = new PublicationWatch(delegate, err, pauseAt, onPublishing);
    Runtime.getRuntime().addShutdownHook(w.hook);
    return w;
  }

  /**
   * Decides who reports the build's outcome: the command (it prints its usual output or error) or,
   * when the process is already being stopped, this watch's shutdown hook (one line).
   *
   * @return whether the command reports it; false when the process is being stopped
   */
  synchronized boolean claimReport() {
    if (shuttingDown) {
      return false;
    }
    reported = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException stopping) {
      // cannot happen while shuttingDown is false; the hook would see reported anyway
    }
    return true;
  }

  @Override
  public void warn(String message) {
    delegate.warn(message);
  }

  @Override
  public Step begin(String name, long units) {
    Step inner = delegate.begin(name, units);
    String prefix = ImageBuilder.PUBLISHING + " ";
    if (!name.startsWith(prefix)) {
      return inner;
    }
    image = name.substring(prefix.length());
    total = units;
    onPublishing.run();
    publishing = true;
    pauseIfAsked(0);
    return new Step() {
      @Override
      public void advance(long n) {
        inner.advance(n);
        pauseIfAsked(done.addAndGet(n));
      }

      @Override
      public void close() {
        publishing = false;
        inner.close();
      }
    };
  }

  private boolean published() {
    return total >= 0 && done.get() == total;
  }

  private void pauseIfAsked(long step) {
    if (step != pauseAt) {
      return;
    }
    err.println("mkddi-test: publishing paused after " + step + " of " + total);
    err.flush();
    while (!shuttingDown) {
      sleep();
    }
  }

  private void onShutdown() {
    synchronized (this) {
      shuttingDown = true;
      if (reported) {
        return;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
    while (publishing && !published() && System.nanoTime() < deadline) {
      sleep(); // the builder finishes the publication before the JVM halts
    }
    if (published()) {
      err.println(
          "mkddi: interrupted after publishing "
              + image
              + ": the image and its side files are complete and in place");
      err.flush();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
