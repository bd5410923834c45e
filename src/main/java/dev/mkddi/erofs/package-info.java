/**
 * The EROFS on-disk format (Linux {@code fs/erofs/erofs_fs.h}), uncompressed, with 4096-byte
 * blocks: {@link dev.mkddi.erofs.ErofsWriter} plans and writes an image from a {@link
 * dev.mkddi.tree.FileTree}, streaming file contents; {@link dev.mkddi.erofs.ErofsReader} reads
 * images back for tests and verification.
 */
@NullMarked
package dev.mkddi.erofs;

import org.jspecify.annotations.NullMarked;
