package dev.mkddi.builder;

import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.PositionalIo;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a build writes, each under a temporary name until {@link #commit} renames them all (the
 * image, created first, last), so that a failure leaves nothing behind: {@link #close} deletes what
 * was not committed. Not thread-safe; one per build.
 */
final class Outputs implements Closeable {
  private final List<AtomicFile> files = new ArrayList<>();

  /**
   * @param target the final path
   * @return the new file, open for writing under its temporary name
   * @throws IOException when it cannot be created
   */
  AtomicFile create(Path target) throws IOException {
    AtomicFile f = AtomicFile.create(target);
    files.add(f);
    return f;
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
   * Renames every file to its final name, the first created (the image) last.
   *
   * @return the final paths, in creation order
   * @throws IOException when a rename fails
   */
  List<Path> commit() throws IOException {
    List<Path> done = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      files.get(i).commit();
      done.add(0, files.get(i).target());
    }
    return done;
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

  /** Closes every file; those not committed are deleted. */
  @Override
  public void close() throws IOException {
    for (AtomicFile f : files) {
      f.close();
    }
  }
}
