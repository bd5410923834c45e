/**
 * Assembles Unified Kernel Images: systemd-stub (a PE/COFF EFI application) with {@code .osrel},
 * {@code .cmdline}, {@code .uname}, {@code .initrd}, {@code .linux} and other sections appended in
 * ukify's order, placement and alignment. The stub is read into memory (it is small); the kernel
 * and initrd are streamed from their files into the output.
 */
@NullMarked
package dev.mkddi.uki;

import org.jspecify.annotations.NullMarked;
