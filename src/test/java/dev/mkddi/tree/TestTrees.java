package dev.mkddi.tree;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Builds file trees for the file-system writers' tests: contents go to files in a temporary
 * directory, nodes get inode numbers in creation order, directories are sorted by name.
 */
public final class TestTrees {
  /** The modification time of every node. */
  public static final Instant T = Instant.ofEpochSecond(1_700_000_000);

  private final Path dir;
  private long next = 1;

  /**
   * @param dir where file contents are written
   */
  public TestTrees(Path dir) {
    this.dir = dir;
  }

  public static Metadata meta(int permissions) {
    return Metadata.of(permissions, 0, 0, T);
  }

  public RegularFile file(byte[] content) {
    return file(content, meta(0644));
  }

  public RegularFile file(byte[] content, Metadata m) {
    Path p = dir.resolve("content-" + next);
    try {
      Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RegularFile(next++, m, new FileContent(p, 0, content.length));
  }

  /** A sparse file of {@code size} bytes with {@code data} at each of {@code offsets}. */
  public RegularFile sparse(long size, long[] offsets, byte[] data) {
    Path p = dir.resolve("sparse-" + next);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
      for (long off : offsets) {
        f.seek(off);
        f.write(data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RegularFile(next++, meta(0644), new FileContent(p, 0, size));
  }

  public Symlink symlink(String target) {
    return new Symlink(next++, meta(0777), target.getBytes(StandardCharsets.UTF_8));
  }

  public SpecialFile special(SpecialType type, int major, int minor) {
    return new SpecialFile(next++, meta(0600), type, major, minor);
  }

  /** Random bytes (incompressible) from {@code seed}. */
  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The same as {@link #random}. */
  public static byte[] bytes(int size, int seed) {
    return random(size, seed);
  }

  /** Text-like bytes (compressible) from {@code seed}. */
  public static byte[] text(int size, long seed) {
    Random r = new Random(seed);
    String[] words = {"squashfs ", "block ", "fragment ", "inode ", "the ", "of ", "mkddi\n"};
    StringBuilder sb = new StringBuilder(size + 16);
    while (sb.length() < size) {
      sb.append(words[r.nextInt(words.length)]);
    }
    return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
  }

  public static DirEntry entry(String name, Node node) {
    return new DirEntry(Name.of(name), node);
  }

  public static Directory dir(DirEntry... entries) {
    return dir(meta(0755), entries);
  }

  public static Directory dir(Metadata m, DirEntry... entries) {
    List<DirEntry> list = new ArrayList<>(Arrays.asList(entries));
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return new Directory(m, list);
  }
}
