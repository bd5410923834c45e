package dev.mkddi.bench;

import dev.mkddi.io.ProgressListener;
import dev.mkddi.verity.VerityHashTree;
import dev.mkddi.verity.VerityParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Throughput of the dm-verity tree (sha256, 4096/4096, 32-byte salt, superblock) over a data file
 * in the page cache, with one thread and with every core. The score is milliseconds per format of
 * {@link #mib} MiB; MB/s = mib × 1.048576 / (score / 1000). The whole-process comparison with
 * veritysetup is {@code integration-tests/bench/verity-vs-veritysetup.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class VerityFormatBenchmark {
  /** Size of the data file. */
  @Param({"256"})
  public int mib;

  /** Hashing threads: 1, or 0 for one per core. */
  @Param({"1", "0"})
  public int threads;

  private Path dir;
  private FileChannel data;
  private FileChannel hash;
  private VerityParams params;

  /** Writes the data file once (random bytes, so nothing compresses or dedups). */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("mkddi-jmh-verity");
    Path d = dir.resolve("data");
    Random r = new Random(42);
    byte[] chunk = new byte[1 << 20];
    try (FileChannel ch =
        FileChannel.open(d, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < mib; i++) {
        r.nextBytes(chunk);
        ch.write(ByteBuffer.wrap(chunk));
      }
    }
    data = FileChannel.open(d, StandardOpenOption.READ);
    hash =
        FileChannel.open(
            dir.resolve("hash"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    byte[] salt = new byte[32];
    r.nextBytes(salt);
    params = VerityParams.defaults((long) mib << 8, salt, new UUID(1, 2));
  }

  /** Deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    data.close();
    hash.close();
    Files.delete(dir.resolve("data"));
    Files.delete(dir.resolve("hash"));
    Files.delete(dir);
  }

  /**
   * @return the root hash, so the work is not eliminated
   * @throws IOException never, on a healthy temp directory
   */
  @Benchmark
  public byte[] format() throws IOException {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return VerityHashTree.format(data, 0, hash, 0, params, ProgressListener.NONE, n).rootHash();
  }
}
