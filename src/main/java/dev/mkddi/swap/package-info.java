/**
 * Linux swap areas: {@link dev.mkddi.swap.SwapHeader} is the version 1 header {@code mkswap} writes
 * (label, UUID, page size), which the kernel, {@code swaplabel} and {@code blkid} read.
 */
@NullMarked
package dev.mkddi.swap;

import org.jspecify.annotations.NullMarked;
