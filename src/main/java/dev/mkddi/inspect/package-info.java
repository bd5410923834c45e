/**
 * The read side: looking inside an existing disk image ({@link dev.mkddi.inspect.ImageInspector},
 * with one {@link dev.mkddi.inspect.PartitionInspector} per format that can describe partition
 * content), verifying it end to end ({@link dev.mkddi.inspect.ImageVerifier}), and deriving its
 * verity command line ({@link dev.mkddi.inspect.ImageCommandLine}); the root-hash sources and the
 * slot resolution they share. Uses the format packages and {@code dev.mkddi.io}; never the CLI,
 * never the write side ({@code dev.mkddi.builder}).
 */
@NullMarked
package dev.mkddi.inspect;

import org.jspecify.annotations.NullMarked;
