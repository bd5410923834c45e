package dev.mkddi.tree;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressInputStream;
import dev.mkddi.io.ProgressListener;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import org.jspecify.annotations.Nullable;

/**
 * Loads directories and tar archives (plain, gzip, xz, zstd, bzip2) into one {@link FileTree}.
 * Sources overlay in order: a later entry replaces an earlier one at the same path, directories
 * merge. Regular files are not read: the tree points at their bytes on disk, in a directory
 * source's files, inside a plain tar, or inside a spool copy of a decompressed archive. Close the
 * loader when the tree is no longer needed to delete the spool files. Not thread-safe.
 *
 * <p>Design: a compressed archive is decompressed once, sequentially, into one spool file that is
 * then read like a plain tar; file contents stay where they are and writers stream them with {@code
 * transferTo}. This costs one sequential write of the decompressed size, the least any design can
 * (a second decompression pass would cost more CPU than the write), and a plain tar costs no copy
 * at all.
 */
public final class TreeLoader implements Closeable {
  private @Nullable Spool spool;

  /** A loader without spool files yet. */
  public TreeLoader() {}

  /**
   * Reads {@code sources} in order into one tree.
   *
   * @param sources directories and tar archives; later ones overlay earlier ones
   * @param options owner handling and the spool directory
   * @param listener receives warnings (duplicate entries, ignored ACLs)
   * @return the merged tree
   * @throws InvalidInputException when a source is not a directory or valid archive, or an entry is
   *     refused (escapes the root, bad link, too long a name or symlink target)
   * @throws IOException when a source cannot be read or a spool file written
   */
  public FileTree load(List<Path> sources, TreeOptions options, ProgressListener listener)
      throws IOException {
    return loadSources(
        sources.stream().map(p -> new TreeSource(p, options.allRoot())).toList(),
        options,
        listener);
  }

  /**
   * Reads {@code sources} in order into one tree, each with its own owner handling.
   *
   * @param sources directories and tar archives; later ones overlay earlier ones
   * @param options the spool directory; its {@code allRoot} applies to every source in addition to
   *     the source's own
   * @param listener receives warnings (duplicate entries, ignored ACLs)
   * @return the merged tree
   * @throws InvalidInputException when a source is not a directory or valid archive, or an entry is
   *     refused (escapes the root, bad link, too long a name or symlink target)
   * @throws IOException when a source cannot be read or a spool file written
   */
  public FileTree loadSources(
      List<TreeSource> sources, TreeOptions options, ProgressListener listener) throws IOException {
    if (sources.isEmpty()) {
      throw new InvalidInputException("no source given");
    }
    if (spool == null) {
      spool = new Spool(options.spoolDirectory());
    }
    TreeBuilder builder = new TreeBuilder(listener);
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    try {
      for (TreeSource source : sources) {
        readSource(
            source,
            source.allRoot() || options.allRoot(),
            options.xattrLimit(),
            builder,
            pool,
            listener);
      }
    } finally {
      pool.shutdown();
    }
    return builder.build();
  }

  private void readSource(
      TreeSource ts,
      boolean allRoot,
      XattrLimit xattrLimit,
      TreeBuilder builder,
      ForkJoinPool pool,
      ProgressListener listener)
      throws IOException {
    Path source = ts.path();
    String name = source.toString();
    byte[] at = ts.at().substring(1).getBytes(StandardCharsets.UTF_8);
    builder.beginSource(name, EntryPath.parse(at, name + " (target directory)"));
    if (Files.isDirectory(source)) {
      DirectorySource.read(source, allRoot, xattrLimit, builder, pool);
    } else if (Files.isRegularFile(source)) {
      TarSource.read(
          tarOf(source, listener), name, allRoot, xattrLimit, builder, spool(), listener);
    } else if (Files.exists(source)) {
      throw new InvalidInputException(name + ": not a directory or an archive");
    } else {
      throw new InvalidInputException(name + ": no such file or directory");
    }
    builder.endSource();
  }

  private Spool spool() {
    return Objects.requireNonNull(spool, "loadSources creates the spool");
  }

  private Path tarOf(Path archive, ProgressListener listener) throws IOException {
    Compression c = Compression.detect(archive);
    if (c == Compression.NONE) {
      return archive;
    }
    Path copy = spool().newFile();
    String what = archive + ": corrupt or truncated " + c.label() + " data";
    try (ProgressListener.Step step =
            listener.begin("decompressing " + archive, Files.size(archive));
        InputStream raw =
            new BufferedInputStream(
                new ProgressInputStream(Files.newInputStream(archive), step), 1 << 16);
        InputStream in = open(c, raw, what)) {
      Spool.append(copy, in, what);
    }
    return copy;
  }

  private static InputStream open(Compression c, InputStream raw, String what) throws IOException {
    try {
      return c.decompress(raw);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          what + ": " + Excerpt.of(String.valueOf(e.getMessage()), Name.MAX_SHOWN), e);
    }
  }

  /** Deletes the spool files; trees loaded by this loader must no longer be read. */
  @Override
  public void close() {
    if (spool != null) {
      spool.close();
    }
  }
}
