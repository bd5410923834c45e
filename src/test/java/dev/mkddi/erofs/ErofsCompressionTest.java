package dev.mkddi.erofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.erofs.ErofsCompression.Algorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErofsCompressionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lz4|LZ4|0|0",
        "lz4hc|LZ4HC|9|0",
        "lz4hc,12|LZ4HC|12|0",
        "LZ4HC,level=3|LZ4HC|3|0",
        "lzma|LZMA|6|0",
        "lzma,109|LZMA|109|0",
        "lzma,level=9,dictsize=1m|LZMA|9|1048576",
        "deflate|DEFLATE|1|0",
        "libdeflate,9|DEFLATE|9|0",
        "zstd|ZSTD|3|0",
        "zstd,level=19,dictsize=131072|ZSTD|19|131072",
        "zstd,-5|ZSTD|-5|0",
      })
  void testParse_mkfsErofsSpellings(String spec, Algorithm a, int level, int dict) {
    ErofsCompression c = ErofsCompression.parse(spec);
    assertEquals(a, c.algorithm());
    assertEquals(level, c.level());
    assertEquals(dict, c.dictSize());
    assertEquals(4096, c.pclusterSize());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lzo|unknown compressor 'lzo' (lz4, lz4hc, lzma, deflate, zstd)",
        "lz4,3|lz4 takes no level (use lz4hc for levels)",
        "lz4hc,13|lz4hc level 13: expected 0-12",
        "lzma,50|lzma level 50: expected 0-9 or 100-109",
        "deflate,10|deflate level 10: expected 0-9",
        "zstd,23|zstd level 23: expected -131072-22",
        "lzma,level=x|'lzma,level=x': level 'x' is not a number",
        "lzma,dictsize=1000|lzma dictsize 1000: expected 4096 to 8388608",
        "zstd,dictsize=3000|zstd dictsize 3000: expected a power of 2 from 1024 to 1048576",
        "deflate,dictsize=4096|deflate dictsize 4096: only 32768 (zlib's window) is supported",
        "lz4hc,dictsize=65536|lz4hc takes no dictsize",
        "lz4hc,9,fast|'lz4hc,9,fast': unknown option 'fast' (level=N, dictsize=N)",
        "lz4hc:lzma|'lz4hc:lzma': alternative compressors (ALG:ALG) are not supported, give one",
      })
  void testParse_badSpecsRefused(String spec, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ErofsCompression.parse(spec));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"4095", "8000", "2097152", "0"})
  void testPclusterSize_refusedUnlessBlocksUpTo1MiB(int size) {
    ErofsCompression c = ErofsCompression.parse("lz4hc");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.withPclusterSize(size));
    assertTrue(e.getMessage().startsWith("physical cluster size " + size), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"4096, 32768, 15", "65536, 262144, 19", "1048576, 4194304, 20"})
  void testDictionaries_followMkfsErofs(int pcluster, int lzmaDict, int zstdLog) {
    assertEquals(
        lzmaDict, ErofsCompression.parse("lzma").withPclusterSize(pcluster).lzmaDictSize());
    assertEquals(
        zstdLog, ErofsCompression.parse("zstd").withPclusterSize(pcluster).zstdWindowLog());
  }
}
