/**
 * Input file trees: one immutable model ({@link dev.mkddi.tree.FileTree}) of directories, regular
 * files, symlinks, hard links, devices, FIFOs and sockets with their ownership, mode, mtime and
 * extended attributes, loaded from directories and tar archives (plain, gzip, xz, zstd, bzip2) by
 * {@link dev.mkddi.tree.TreeLoader}. Several sources overlay in order. Names are kept as bytes,
 * links are stored and never followed, and entries that would escape the root are refused.
 */
@NullMarked
package dev.mkddi.tree;

import org.jspecify.annotations.NullMarked;
