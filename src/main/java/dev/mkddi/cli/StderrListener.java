package dev.mkddi.cli;

import dev.mkddi.io.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders warnings as {@code warning: …} lines on stderr and, when stderr is a terminal, a one-line
 * progress bar per step. Thread-safe.
 */
final class StderrListener implements ProgressListener {
  private final PrintStream err;
  private final boolean terminal;

  /**
   * @param err where to write
   * @param terminal whether to draw progress bars
   */
  StderrListener(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * @return a listener for the process's stderr; progress bars only on an interactive terminal
   */
  static StderrListener forProcess() {
    return new StderrListener(System.err, System.console() != null && System.getenv("CI") == null);
  }

  @Override
  public synchronized void warn(String message) {
    err.println("warning: " + message);
  }

  @Override
  public Step begin(String name, long total) {
    if (!terminal || total <= 0) {
      return Step.NONE;
    }
    return new Bar(name, total);
  }

  private final class Bar implements Step {
    private static final int WIDTH = 30;
    private final String name;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private volatile int lastShown = -1;

    Bar(String name, long total) {
      this.name = name;
      this.total = total;
      draw(0);
    }

    @Override
    public void advance(long units) {
      long now = done.addAndGet(units);
      int percent = (int) Math.min(100, now * 100 / total);
      if (percent != lastShown) {
        lastShown = percent;
        draw(percent);
      }
    }

    private void draw(int percent) {
      int filled = percent * WIDTH / 100;
      synchronized (StderrListener.this) {
        err.print(
            "\r"
                + name
                + " ["
                + "#".repeat(filled)
                + " ".repeat(WIDTH - filled)
                + "] "
                + percent
                + "%");
        err.flush();
      }
    }

    @Override
    public void close() {
      synchronized (StderrListener.this) {
        err.print("\r" + " ".repeat(name.length() + WIDTH + 8) + "\r");
        err.flush();
      }
    }
  }
}
