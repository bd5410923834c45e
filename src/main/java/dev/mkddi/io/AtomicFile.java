package dev.mkddi.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file written under a temporary name next to its target ({@code <target>.tmp}) and
 * renamed into place by {@link #commit()}. Closing it without a commit, a failure, or the JVM
 * shutting down on Ctrl-C removes the temporary file, so no partial output is ever left.
 *
 * <p>Not thread-safe for commit/close; the channel itself may be used from several threads.
 */
public final class AtomicFile implements Closeable {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final Thread cleanup;
  private boolean done;

  private AtomicFile(Path target, Path temp, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.cleanup = new Thread(this::deleteQuietly, "mkddi-cleanup-" + temp.getFileName());
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Creates (or truncates) {@code <target>.tmp} for reading and writing.
   *
   * @param target the final path
   * @return the open file
   * @throws IOException when the temporary file cannot be created
   */
  public static AtomicFile create(Path target) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    return new AtomicFile(target, temp, ch);
  }

  /**
   * @return the channel of the temporary file
   */
  public FileChannel channel() {
    return channel;
  }

  /**
   * @return the final path
   */
  public Path target() {
    return target;
  }

  /**
   * @return the temporary path being written
   */
  public Path temp() {
    return temp;
  }

  /**
   * Closes the channel and renames the temporary file to the target, replacing it.
   *
   * @throws IOException when the rename fails
   */
  public void commit() throws IOException {
    channel.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    done = true;
    removeHook();
  }

  /** Deletes the temporary file unless {@link #commit()} succeeded. */
  @Override
  public void close() {
    if (!done) {
      deleteQuietly();
      done = true;
    }
    removeHook();
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to run; nothing to remove
    }
  }

  private void deleteQuietly() {
    try {
      channel.close();
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // best effort: the file may already be gone
    }
  }
}
