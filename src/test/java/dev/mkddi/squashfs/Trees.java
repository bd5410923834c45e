package dev.mkddi.squashfs;

import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.tree.SpecialFile;
import dev.mkddi.tree.SpecialType;
import dev.mkddi.tree.Symlink;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builds file trees for squashfs tests; contents go to files in a temporary directory. */
final class Trees {
  static final Instant T = Instant.ofEpochSecond(1_700_000_000);
  private final Path dir;
  private long next = 1;

  Trees(Path dir) {
    this.dir = dir;
  }

  static Metadata meta(int permissions) {
    return Metadata.of(permissions, 0, 0, T);
  }

  RegularFile file(byte[] content) {
    return file(content, meta(0644));
  }

  RegularFile file(byte[] content, Metadata m) {
    Path p = dir.resolve("content-" + next);
    try {
      Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RegularFile(next++, m, new FileContent(p, 0, content.length));
  }

  /** A sparse file of {@code size} bytes with {@code data} at each of {@code offsets}. */
  RegularFile sparse(long size, long[] offsets, byte[] data) {
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

  Symlink symlink(String target) {
    return new Symlink(next++, meta(0777), target.getBytes());
  }

  SpecialFile special(SpecialType type, int major, int minor) {
    return new SpecialFile(next++, meta(0600), type, major, minor);
  }

  /** Random bytes (incompressible). */
  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Text-like bytes (compressible). */
  static byte[] text(int size, long seed) {
    Random r = new Random(seed);
    String[] words = {"squashfs ", "block ", "fragment ", "inode ", "the ", "of ", "mkddi\n"};
    StringBuilder sb = new StringBuilder(size + 16);
    while (sb.length() < size) {
      sb.append(words[r.nextInt(words.length)]);
    }
    return Arrays.copyOf(sb.toString().getBytes(), size);
  }

  static DirEntry entry(String name, Node node) {
    return new DirEntry(Name.of(name), node);
  }

  static Directory dir(DirEntry... entries) {
    return dir(meta(0755), entries);
  }

  static Directory dir(Metadata m, DirEntry... entries) {
    List<DirEntry> list = new ArrayList<>(Arrays.asList(entries));
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return new Directory(m, list);
  }
}
