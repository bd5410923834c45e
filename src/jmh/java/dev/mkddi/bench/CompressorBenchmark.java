package dev.mkddi.bench;

import dev.mkddi.compress.BlockCompressor;
import dev.mkddi.compress.Fit;
import dev.mkddi.compress.Lz4Compressor;
import dev.mkddi.compress.Lz4HcCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * The compressors' hot loops on real files, one thread: LZ4 and LZ4HC filling 4 KiB EROFS clusters
 * one after another (as {@code mkfs erofs -zlz4hc} cuts a file), and xz (XZ for Java, preset 6) on
 * 128 KiB blocks (as {@code mkfs squashfs --comp xz} does). The input is the first {@link
 * #megabytes} MiB of the files under {@link #input} in name order, by default this repository's
 * {@code src} (Java sources and test fixtures); {@code -p input=/usr/share} measures a real root.
 * Reports the time of one pass over the input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompressorBenchmark {
  /** Directory whose files are the input. */
  @Param({"src"})
  public String input;

  /** MiB of input. */
  @Param({"16"})
  public int megabytes;

  private static final int CLUSTER = 4096;
  private static final int XZ_BLOCK = 128 << 10;

  private byte[] data;
  private final byte[] out = new byte[XZ_BLOCK * 2];
  private BlockCompressor lz4;
  private BlockCompressor lz4hc;

  /** Reads the input once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(input))) {
      files = s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
    }
    for (Path p : files) {
      if (all.size() >= megabytes << 20) {
        break;
      }
      all.write(Files.readAllBytes(p));
    }
    data = all.toByteArray();
    lz4 = new Lz4Compressor();
    lz4hc = new Lz4HcCompressor(Lz4HcCompressor.DEFAULT_LEVEL);
  }

  private long clusters(BlockCompressor c) {
    long written = 0;
    for (int p = 0; p < data.length; ) {
      Fit fit = c.compressToFit(data, p, Math.min(1 << 20, data.length - p), out, 0, CLUSTER);
      p += Math.max(fit.consumed(), CLUSTER);
      written += fit.written();
    }
    return written;
  }

  /**
   * @return bytes written
   */
  @Benchmark
  public long lz4Clusters() {
    return clusters(lz4);
  }

  /**
   * @return bytes written
   */
  @Benchmark
  public long lz4hcClusters() {
    return clusters(lz4hc);
  }

  /**
   * @return bytes written
   * @throws IOException never (in memory)
   */
  @Benchmark
  public long xzBlocks() throws IOException {
    LZMA2Options options = new LZMA2Options(6);
    options.setDictSize(XZ_BLOCK);
    long written = 0;
    for (int p = 0; p < data.length; p += XZ_BLOCK) {
      Counting counted = new Counting();
      try (XZOutputStream xz = new XZOutputStream(counted, options, XZ.CHECK_CRC32)) {
        xz.write(data, p, Math.min(XZ_BLOCK, data.length - p));
      }
      written += counted.count;
    }
    return written;
  }

  private static final class Counting extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
