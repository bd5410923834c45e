/**
 * The GUID partition table of a Discoverable Disk Image: the Discoverable Partitions Specification
 * type table ({@link dev.mkddi.gpt.PartitionTypes}, {@link dev.mkddi.gpt.Architecture}), attribute
 * bits, partition placement ({@link dev.mkddi.gpt.GptLayout}), the writer (protective MBR, primary
 * and backup headers and entry arrays, byte-identical to sfdisk) and a validating reader that falls
 * back to the backup GPT. Imports only {@code dev.mkddi.io}.
 */
@NullMarked
package dev.mkddi.gpt;

import org.jspecify.annotations.NullMarked;
