/**
 * Shared low-level helpers for the on-disk format packages: little-endian buffers, hex, positional
 * channel I/O, the exception hierarchy that the CLI maps to exit codes, and the progress/warning
 * listener through which core code reports instead of printing.
 */
@NullMarked
package dev.mkddi.io;

import org.jspecify.annotations.NullMarked;
