package dev.mkddi.io;

/**
 * Receives progress and warnings from core code, which never prints. The CLI renders them (a
 * progress bar on a terminal, warnings on stderr). Implementations must be thread-safe: parallel
 * hashing reports from several threads.
 */
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /**
   * Starts a step of known size; close the returned handle when the step ends.
   *
   * @param name short description, e.g. {@code "hashing root"}
   * @param total amount of work in arbitrary units (bytes, blocks); 0 if unknown
   * @return the handle through which the step reports its progress
   */
  default Step begin(String name, long total) {
    return Step.NONE;
  }

  /**
   * Reports a warning: something the user should know that does not stop the work.
   *
   * @param message one line, naming the file or entry concerned
   */
  default void warn(String message) {}

  /** One running step. */
  interface Step extends AutoCloseable {
    /** A step that ignores progress. */
    Step NONE = units -> {};

    /**
     * @param units work done since the last call, in the unit of {@link #begin}
     */
    void advance(long units);

    @Override
    default void close() {}
  }
}
