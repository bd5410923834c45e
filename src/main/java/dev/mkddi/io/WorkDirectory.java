package dev.mkddi.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A scratch directory next to the output (so its files live on the same file system and can be
 * renamed or copied cheaply), deleted with everything in it on {@link #close()} or when the JVM
 * shuts down on Ctrl-C. Not thread-safe for close; files inside may be used from any thread.
 */
public final class WorkDirectory implements Closeable {
  private final Path path;
  private final Thread cleanup;
  private boolean closed;

  private WorkDirectory(Path path) {
    this.path = path;
    this.cleanup = new Thread(this::deleteQuietly, "mkddi-cleanup-" + path.getFileName());
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Creates {@code <parent>/.<name>.work}, replacing a leftover of an interrupted run.
   *
   * @param parent the directory that will hold the outputs
   * @param name the output's base name
   * @return the new directory
   * @throws AccessDeniedException naming {@code parent} when it is not writable
   * @throws IOException when it cannot be created
   */
  public static WorkDirectory create(Path parent, String name) throws IOException {
    Path p = parent.resolve("." + name + ".work");
    try {
      deleteTree(p);
      Files.createDirectories(p);
    } catch (AccessDeniedException e) {
      // name the directory the user gave, not the hidden scratch directory inside it
      AccessDeniedException named =
          new AccessDeniedException(parent.toString(), null, "permission denied");
      named.initCause(e);
      throw named;
    }
    try {
      return new WorkDirectory(p);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C between the mkdir and the hook: the hooks that delete the outputs have run
      deleteTree(p);
      throw new InterruptedIOException(p + ": not used, mkddi is being stopped");
    }
  }

  /**
   * @return the directory
   */
  public Path path() {
    return path;
  }

  /** Deletes the directory and its content. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    deleteQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void deleteQuietly() {
    try {
      deleteTree(path);
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
