package dev.mkddi.bench;

import dev.mkddi.erofs.ErofsImage;
import dev.mkddi.erofs.ErofsOptions;
import dev.mkddi.erofs.ErofsWriter;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The EROFS pipeline on a synthetic tree of {@link #files} small files (0–16 KiB, 100 per
 * directory): scanning the directory, planning the image, and writing it into a file. The
 * whole-process comparison with mkfs.erofs is {@code integration-tests/bench/erofs-vs-mkfs.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class ErofsBenchmark {
  /** Number of regular files in the tree. */
  @Param({"20000"})
  public int files;

  private Path dir;
  private Path source;
  private FileTree tree;

  /** Writes the source tree once (seeded, so every run hashes the same bytes). */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("mkddi-jmh-erofs");
    source = dir.resolve("src");
    Random r = new Random(7);
    for (int i = 0; i < files; i++) {
      Path d = source.resolve("d" + i / 100);
      if (i % 100 == 0) {
        Files.createDirectories(d);
      }
      byte[] content = new byte[r.nextInt(16 * 1024 + 1)];
      r.nextBytes(content);
      Files.write(d.resolve("f" + i), content);
    }
    tree = load();
  }

  /** Deletes the tree and the output. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private FileTree load() throws IOException {
    try (TreeLoader loader = new TreeLoader()) {
      return loader.load(List.of(source), new TreeOptions(false, dir), ProgressListener.NONE);
    }
  }

  /**
   * @return the loaded tree
   * @throws IOException when the tree cannot be read
   */
  @Benchmark
  public FileTree scan() throws IOException {
    return load();
  }

  /**
   * @return the planned image
   * @throws IOException when the tree cannot be planned
   */
  @Benchmark
  public ErofsImage plan() throws IOException {
    return ErofsWriter.plan(tree, ErofsOptions.defaults());
  }

  /**
   * @return the size of the image written
   * @throws IOException when writing fails
   */
  @Benchmark
  public long planAndWrite() throws IOException {
    ErofsImage image = ErofsWriter.plan(tree, ErofsOptions.defaults());
    Path out = dir.resolve("out.img");
    try (FileChannel ch =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      image.write(ch, 0, ProgressListener.NONE);
    }
    return image.sizeBytes();
  }
}
