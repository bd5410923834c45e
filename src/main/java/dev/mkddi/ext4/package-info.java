/**
 * ext4 file systems in pure Java: {@link dev.mkddi.ext4.Ext4Writer} plans one from a file tree (the
 * features of Debian 12's {@code mkfs.ext4}: 64bit, extents, flex_bg, htree directories, metadata
 * checksums, a journal for writable ones) and {@link dev.mkddi.ext4.Ext4Image} streams it into a
 * channel; {@link dev.mkddi.ext4.Ext4Reader} reads what it writes back, for tests and verification.
 */
@NullMarked
package dev.mkddi.ext4;

import org.jspecify.annotations.NullMarked;
