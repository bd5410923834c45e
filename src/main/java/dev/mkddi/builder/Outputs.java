package dev.mkddi.builder;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files a build writes, each under a temporary name, and their publication as one set. The
 * first file created is the image, the last the manifest. {@link #publish} makes the set atomic to
 * readers that look for {@code <base>.raw} and its side files, systemd-dissect included (which
 * knows no marker): first every data block reaches the disk, then the side files of the earlier set
 * go (the manifest first), then the image is renamed into place, then the new side files, the
 * manifest last. Whenever a reader looks, and after a crash or power cut at any point (each phase
 * is flushed to the disk before the next starts), the side files beside an image are its own: a
 * subset of its set, complete when the manifest is there. Leftovers of a killed build are removed
 * on the way.
 *
 * <p>A failure or Ctrl-C before the publication deletes the temporary files ({@link #close}, or a
 * shutdown hook); Ctrl-C during the publication waits for it to finish, so that it never leaves a
 * set half replaced. Not thread-safe apart from that hook; one per build.
 */
final class Outputs implements Closeable {
  private enum State {
    WRITING,
    PUBLISHING,
    PUBLISHED,
    ABANDONED
  }

  private final ProgressListener listener;
  private final List<AtomicFile> files = new ArrayList<>();
  private final Object lock = new Object();
  private final Thread abandonOnExit = new Thread(this::abandon, "mkddi-cleanup-outputs");
  private State state = State.WRITING;

  /**
   * @param listener receives the publication as the step {@link ImageBuilder#PUBLISHING}
   */
  Outputs(ProgressListener listener) {
    this.listener = listener;
    Runtime.getRuntime().addShutdownHook(abandonOnExit);
  }

  /**
   * @param target the final path
   * @return the new file, open for writing under its temporary name
   * @throws IOException when it cannot be created
   */
  AtomicFile create(Path target) throws IOException {
    synchronized (lock) {
      if (state != State.WRITING) {
        throw new InterruptedIOException(target + ": the build is being stopped");
      }
      AtomicFile f = AtomicFile.create(target, false);
      files.add(f);
      return f;
    }
  }

  /**
   * @param target the final path
   * @param content the whole content
   * @throws IOException when it cannot be written
   */
  void write(Path target, byte[] content) throws IOException {
    PositionalIo.writeFully(create(target).channel(), ByteBuffer.wrap(content), 0);
  }

  /**
   * Publishes the set: syncs every file, deletes the files of {@code owned} that are there (an
   * earlier set's, in that order) and the leftover temporary files of all of them, then renames the
   * image and the other files into place in the order they were created. Reports one step of {@code
   * files + 1} units: the deletions, then each rename.
   *
   * @param owned every side file the image can have, in the order to delete them: the manifest
   *     first, a root hash before its signature
   * @return the final paths, in creation order (the image first)
   * @throws IOException when a file cannot be synced, deleted or renamed; the message says what the
   *     directory then holds
   */
  List<Path> publish(List<Path> owned) throws IOException {
    synchronized (lock) {
      if (state != State.WRITING || files.isEmpty()) {
        throw new InterruptedIOException("the build is being stopped: nothing was published");
      }
      state = State.PUBLISHING;
      Path image = files.get(0).target();
      Path dir = Objects.requireNonNull(image.toAbsolutePath().getParent());
      List<Path> done = new ArrayList<>();
      try (ProgressListener.Step step =
          listener.begin(ImageBuilder.PUBLISHING + " " + image, files.size() + 1L)) {
        for (AtomicFile f : files) {
          f.sync();
        }
        removeEarlierSet(owned);
        AtomicFile.syncDirectory(dir);
        step.advance(1);
        for (int i = 0; i < files.size(); i++) {
          AtomicFile f = files.get(i);
          if (i == files.size() - 1 || i == 1) {
            // the image before its side files, the manifest after them, also on the disk
            AtomicFile.syncDirectory(dir);
          }
          rename(f, done, image);
          step.advance(1);
        }
        AtomicFile.syncDirectory(dir);
      }
      state = State.PUBLISHED;
      return done;
    }
  }

  private void removeEarlierSet(List<Path> owned) throws IOException {
    List<Path> ours = files.stream().map(AtomicFile::target).toList();
    for (Path p : owned) {
      Files.deleteIfExists(p);
      if (!ours.contains(p)) {
        AtomicFile.deleteLeftover(p);
      }
    }
  }

  private static void rename(AtomicFile f, List<Path> done, Path image) throws IOException {
    try {
      f.commit();
    } catch (IOException e) {
      String state =
          done.isEmpty()
              ? "the earlier side files of " + image + " are deleted, the image is the earlier one"
              : image + " is the new image, but only " + done.size() + " of its files are in place";
      throw new IOException(
          f.target() + ": cannot rename it into place (" + e.getMessage() + "); " + state, e);
    }
    done.add(f.target());
  }

  /**
   * The file a failure was on: the output whose channel failed (the ESP and the GPT are written
   * into the image after the UKI file is created), else the newest output, else {@code fallback}.
   *
   * @param e the failure
   * @param fallback the target directory
   * @return the file to name in the message
   */
  Path failedFile(IOException e, Path fallback) {
    if (e instanceof ChannelIOException c) {
      for (AtomicFile f : files) {
        if (c.isOn(f.channel())) {
          return f.temp();
        }
      }
    }
    return files.isEmpty() ? fallback : files.get(files.size() - 1).temp();
  }

  /** On Ctrl-C: deletes the temporary files unless the publication began (it then finishes). */
  private void abandon() {
    synchronized (lock) {
      if (state == State.WRITING) {
        state = State.ABANDONED;
        closeFiles();
      }
    }
  }

  /** Closes every file; those not renamed into place are deleted. */
  @Override
  public void close() {
    synchronized (lock) {
      closeFiles();
      if (state == State.WRITING || state == State.PUBLISHING) {
        state = State.ABANDONED;
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(abandonOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private void closeFiles() {
    for (AtomicFile f : files) {
      f.close();
    }
  }
}
