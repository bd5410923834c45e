package dev.mkddi.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent I/O tasks on a fixed number of daemon threads and rethrows the first failure in
 * task order (an {@link IOException} or {@link RuntimeException} as it was thrown). Stateless.
 */
public final class Tasks {
  /** One unit of work. */
  @FunctionalInterface
  public interface Task {
    /**
     * @throws IOException on failure
     */
    void run() throws IOException;
  }

  private Tasks() {}

  /**
   * Runs every task; returns when all are done, or throws the first failure (in task order).
   *
   * @param tasks the work
   * @param threads threads to use, at least 1
   * @param name thread name
   * @throws IOException the first task's failure
   */
  public static void run(List<Task> tasks, int threads, String name) throws IOException {
    if (threads <= 1 || tasks.size() <= 1) {
      for (Task t : tasks) {
        t.run();
      }
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Void>> done = new ArrayList<>(tasks.size());
      for (Task t : tasks) {
        done.add(
            pool.submit(
                () -> {
                  t.run();
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        await(f, name);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Waits for a task and returns its result; its failure is rethrown as it was thrown.
   *
   * @param f the task
   * @param name what it does, for the message when the wait is interrupted
   * @param <T> the result type
   * @return the task's result
   * @throws IOException the task's {@link IOException}, or {@link InterruptedIOException}
   */
  public static <T> T await(Future<T> f, String name) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(name + ": interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }
}
