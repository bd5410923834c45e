/**
 * The dm-verity hash device format, byte-identical to {@code veritysetup format}: the 512-byte
 * superblock ({@link dev.mkddi.verity.VeritySuperblock}), the tree geometry ({@link
 * dev.mkddi.verity.VerityGeometry}) and a streaming, multi-threaded hash tree writer and verifier
 * ({@link dev.mkddi.verity.VerityHashTree}) that work on regions of {@link
 * java.nio.channels.FileChannel}s, so a build can hash a partition inside a disk image.
 *
 * <p>Imports only {@code dev.mkddi.io}.
 */
@NullMarked
package dev.mkddi.verity;

import org.jspecify.annotations.NullMarked;
