package dev.mkddi.io;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An output file written under a temporary name next to its target ({@code <target>.tmp}) and
 * renamed into place by {@link #commit()}. Closing it without a commit, a failure, or the JVM
 * shutting down on Ctrl-C removes the temporary file, so no partial output is ever left.
 *
 * <p>The temporary file is opened without following symbolic links and held under an exclusive
 * {@link FileLock} until it is renamed or deleted, so a second run writing the same target fails
 * instead of clobbering the first one's output, and a run only ever deletes a file it locked.
 *
 * <p>Not thread-safe for commit/close; the channel itself may be used from several threads.
 */
public final class AtomicFile implements Closeable {
  /** How often {@link #create} retries when another run renames or deletes the file meanwhile. */
  private static final int OPEN_ATTEMPTS = 3;

  /** Appended to the target's name to make the temporary file's. */
  public static final String TEMP_SUFFIX = ".tmp";

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final @Nullable Thread cleanup;
  private boolean done;

  private AtomicFile(Path target, Path temp, FileChannel channel, boolean deleteOnExit) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.cleanup =
        deleteOnExit
            ? new Thread(this::deleteQuietly, "mkddi-cleanup-" + temp.getFileName())
            : null;
    if (cleanup != null) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
  }

  /**
   * Opens {@code <target>.tmp} for reading and writing and takes an exclusive lock on it for as
   * long as this object is open. A regular file already there is a leftover of an interrupted run:
   * it is truncated and reused. A symbolic link or any other kind of file there is refused, never
   * followed, and a file another process holds locked is left alone.
   *
   * @param target the final path
   * @return the open, locked and empty file
   * @throws ImageBuildException when {@code <target>.tmp} is a symbolic link or not a regular file,
   *     or when another process is writing it
   * @throws IOException when the temporary file cannot be created
   */
  public static AtomicFile create(Path target) throws IOException {
    return create(target, true);
  }

  /**
   * Like {@link #create(Path)}; without {@code deleteOnExit} the caller is responsible for closing
   * the file when the JVM shuts down (a set of files published together coordinates that itself).
   *
   * @param target the final path
   * @param deleteOnExit whether a shutdown hook deletes the temporary file unless committed
   * @return the open, locked and empty file
   * @throws ImageBuildException when {@code <target>.tmp} is a symbolic link or not a regular file,
   *     or when another process is writing it
   * @throws IOException when the temporary file cannot be created
   */
  public static AtomicFile create(Path target, boolean deleteOnExit) throws IOException {
    Path temp = temp(target);
    for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      FileChannel ch = openLocked(temp);
      if (ch != null) {
        try {
          return new AtomicFile(target, temp, ch, deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C between the open and the hook: the hooks that delete the outputs have run
          ch.close();
          Files.deleteIfExists(temp);
          throw new InterruptedIOException(temp + ": not written, mkddi is being stopped");
        }
      }
    }
    throw busy(temp);
  }

  private static Path temp(Path target) {
    return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
  }

  /**
   * Deletes {@code <target>.tmp} when it is a regular file no process holds locked: the leftover of
   * a run that was killed (SIGKILL, power cut) before it could clean up. A file another run is
   * writing, a symbolic link or anything else is left alone.
   *
   * @param target the final path
   * @return whether a leftover was deleted
   * @throws IOException when it cannot be deleted
   */
  public static boolean deleteLeftover(Path target) throws IOException {
    Path temp = temp(target);
    BasicFileAttributes a = attributes(temp);
    if (a == null || !a.isRegularFile()) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(temp, READ, WRITE, NOFOLLOW_LINKS)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        return false;
      }
      if (lock == null) {
        return false;
      }
      BasicFileAttributes now = attributes(temp);
      if (now == null || !Objects.equals(a.fileKey(), now.fileKey())) {
        return false; // renamed or replaced meanwhile: not the file we locked
      }
      Files.delete(temp); // while locked, as a run deletes its own temporary file
      return true;
    } catch (NoSuchFileException raced) {
      return false;
    }
  }

  /**
   * Flushes the file's content and size to the storage device, so that a rename after it cannot
   * reach the disk before the data (a power cut would otherwise leave the new name on an empty or
   * partial file).
   *
   * @throws IOException when the device reports a failure
   */
  public void sync() throws IOException {
    channel.force(true);
  }

  /**
   * Flushes a directory's entries (the renames and deletions in it) to the storage device.
   *
   * @param dir the directory
   * @throws IOException when it cannot be opened or the device reports a failure
   */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, READ)) {
      d.force(true);
    }
  }

  /**
   * One attempt to open and lock {@code temp}: creates it exclusively when absent, otherwise opens
   * the regular file there without following links and checks, once locked, that the path still
   * names it (another run may have renamed or deleted it meanwhile).
   *
   * @return the locked, truncated channel, or {@code null} when the file changed under us
   */
  private static @Nullable FileChannel openLocked(Path temp) throws IOException {
    BasicFileAttributes before = attributes(temp);
    if (before == null) {
      try {
        // O_CREAT|O_EXCL: a file nobody else has seen, locked only to tell other runs it is ours
        FileChannel ch = FileChannel.open(temp, CREATE_NEW, READ, WRITE, NOFOLLOW_LINKS);
        return lockOrClose(temp, ch);
      } catch (FileAlreadyExistsException raced) {
        return null;
      }
    }
    checkRegular(temp, before);
    FileChannel ch;
    try {
      ch = FileChannel.open(temp, READ, WRITE, NOFOLLOW_LINKS);
    } catch (NoSuchFileException raced) {
      return null;
    } catch (FileSystemException e) {
      checkRegular(temp, attributes(temp)); // replaced by a link since we looked: name it
      throw e;
    }
    ch = lockOrClose(temp, ch);
    BasicFileAttributes after = attributes(temp);
    if (after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
      ch.close();
      return null;
    }
    ch.truncate(0);
    return ch;
  }

  private static FileChannel lockOrClose(Path temp, FileChannel ch) throws IOException {
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw busy(temp);
    }
    return ch;
  }

  private static @Nullable BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return null;
    }
  }

  private static void checkRegular(Path temp, @Nullable BasicFileAttributes a)
      throws ImageBuildException {
    if (a == null || a.isRegularFile()) {
      return;
    }
    String kind =
        a.isSymbolicLink()
            ? "a symbolic link"
            : a.isDirectory() ? "a directory" : "not a regular file";
    throw new ImageBuildException(
        temp + ": is " + kind + "; refusing to write the temporary output there (remove it)");
  }

  private static ImageBuildException busy(Path temp) {
    return new ImageBuildException(temp + ": another mkddi process is writing it");
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
   * Renames the temporary file to the target, replacing it, and closes the channel (releasing the
   * lock).
   *
   * @throws IOException when the rename fails
   */
  public void commit() throws IOException {
    // rename while still holding the lock, so no other run can take the file over in between
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      channel.close();
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
    if (cleanup == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to run; nothing to remove
    }
  }

  private void deleteQuietly() {
    try {
      if (channel.isOpen()) {
        // delete before releasing the lock: the name is ours until then
        Files.deleteIfExists(temp);
      }
      channel.close();
    } catch (IOException ignored) {
      // best effort: the file may already be gone
    }
  }
}
