/**
 * Initrd (initramfs) reading: the cpio "newc" archives the kernel unpacks at boot, several of them
 * concatenated, an uncompressed one (early microcode) in front of a compressed main archive, as
 * dracut and initramfs-tools write them ({@link dev.mkddi.initrd.InitrdReader}, streaming, one
 * entry at a time); and what a verity root needs from an initrd ({@link
 * dev.mkddi.initrd.InitrdCheck}). Depends on {@code dev.mkddi.io} and, for LZ4, {@code
 * dev.mkddi.compress}.
 */
@NullMarked
package dev.mkddi.initrd;

import org.jspecify.annotations.NullMarked;
