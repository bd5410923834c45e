package dev.mkddi.erofs;

import java.time.Instant;
import java.util.UUID;

/**
 * What a write of an {@link ErofsImage} produced. Immutable.
 *
 * @param sizeBytes bytes written, a multiple of 4096
 * @param uuid the file system UUID in the superblock
 * @param buildTime the superblock's build time
 * @param inodeCount the inodes
 */
public record ErofsResult(long sizeBytes, UUID uuid, Instant buildTime, long inodeCount) {}
