/**
 * The SquashFS 4.0 on-disk format (squashfs-tools' {@code squashfs_fs.h}, Linux {@code
 * fs/squashfs/}): {@link dev.mkddi.squashfs.SquashfsWriter} plans an image of a {@link
 * dev.mkddi.tree.FileTree} as mksquashfs lays it out, and {@link dev.mkddi.squashfs.SquashfsImage}
 * writes it, compressing data blocks on every core with gzip, xz, zstd or lz4; {@link
 * dev.mkddi.squashfs.SquashfsReader} reads images back for tests and verification.
 */
@NullMarked
package dev.mkddi.squashfs;

import org.jspecify.annotations.NullMarked;
