package dev.mkddi.ext4;

import dev.mkddi.io.ImageBuildException;
import dev.mkddi.tree.RegularFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Reads regular files' contents with positional reads, keeping the last source open (the members of
 * a tar share one file). One per thread.
 */
final class SourceReader implements Closeable {
  private @Nullable Path openPath;
  private @Nullable FileChannel openChannel;

  /**
   * Fills {@code dst} (position to limit) from {@code f} starting at byte {@code from} of the file.
   *
   * @param f the file
   * @param from offset within the file
   * @param dst destination
   * @param path the file's path in the tree, for the message
   * @throws ImageBuildException when the source ends before the size it had when scanned
   * @throws IOException on a read failure
   */
  void read(RegularFile f, long from, ByteBuffer dst, String path) throws IOException {
    FileChannel in = channel(f.content().file());
    long at = f.content().offset() + from;
    while (dst.hasRemaining()) {
      int n = in.read(dst, at);
      if (n < 0) {
        throw new ImageBuildException(
            path
                + ": "
                + f.content().file()
                + " ends before the "
                + f.size()
                + " bytes it had when scanned");
      }
      at += n;
    }
  }

  private FileChannel channel(Path file) throws IOException {
    FileChannel ch = openChannel;
    if (ch == null || !file.equals(openPath)) {
      close();
      ch = FileChannel.open(file, StandardOpenOption.READ);
      openChannel = ch;
      openPath = file;
    }
    return ch;
  }

  @Override
  public void close() throws IOException {
    if (openChannel != null) {
      openChannel.close();
      openChannel = null;
      openPath = null;
    }
  }
}
