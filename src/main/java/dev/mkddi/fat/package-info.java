/**
 * A FAT12/16/32 file-system writer for EFI System Partitions, in pure Java.
 *
 * <p>{@link dev.mkddi.fat.FatWriter#plan} validates the files, generates VFAT long names and 8.3
 * short names the way Linux's vfat driver does, chooses the FAT type and cluster size by the rules
 * of {@code mkfs.fat} (dosfstools) and allocates every file contiguously; the returned {@link
 * dev.mkddi.fat.FatImage} then streams the file system into a {@link java.nio.channels.FileChannel}
 * at a given offset (the ESP inside a disk image). Output bytes depend only on the entries and
 * {@link dev.mkddi.fat.FatOptions}: volume id and timestamps are inputs, never the clock.
 */
@NullMarked
package dev.mkddi.fat;

import org.jspecify.annotations.NullMarked;
