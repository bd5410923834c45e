/**
 * PE/COFF images for UEFI. Assembles Unified Kernel Images: systemd-stub (a PE/COFF EFI
 * application) with {@code .osrel}, {@code .cmdline}, {@code .uname}, {@code .initrd}, {@code
 * .linux} and other sections appended in ukify's order, placement and alignment; the stub is read
 * into memory (it is small), the kernel and initrd are streamed from their files into the output.
 * Authenticode-signs any PE file ({@link dev.mkddi.uki.PeSigner}: the image hash, the certificate
 * table, the checksum; the PKCS#7 itself comes from the caller, see {@link
 * dev.mkddi.uki.ImageDigestSigner}) and reads the signatures of one back ({@link
 * dev.mkddi.uki.PeSignatureReader}).
 */
@NullMarked
package dev.mkddi.uki;

import org.jspecify.annotations.NullMarked;
