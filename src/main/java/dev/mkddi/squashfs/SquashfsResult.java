package dev.mkddi.squashfs;

import java.time.Instant;

/**
 * What a write of a {@link SquashfsImage} produced. Immutable.
 *
 * @param sizeBytes bytes written: the file system padded with zeros to a multiple of 4096
 * @param bytesUsed bytes of the file system itself (the superblock's {@code bytes_used})
 * @param inodes number of inodes
 * @param fragments number of fragment blocks
 * @param mkfsTime the creation time in the superblock
 */
public record SquashfsResult(
    long sizeBytes, long bytesUsed, long inodes, long fragments, Instant mkfsTime) {}
