/**
 * Block compressors shared by the file system writers: LZ4 (fast and high compression, block
 * format), raw DEFLATE, MicroLZMA and zstd. Each {@link dev.mkddi.compress.BlockCompressor}
 * compresses one block on its own (no shared dictionary between calls) and can also fill a fixed
 * output size, consuming as much input as fits (LZ4's "destSize" mode, which EROFS needs for its
 * fixed-size physical clusters). The matching decoders read the blocks back. Depends on nothing but
 * {@code dev.mkddi.io} and the compression libraries.
 */
@NullMarked
package dev.mkddi.compress;

import org.jspecify.annotations.NullMarked;
