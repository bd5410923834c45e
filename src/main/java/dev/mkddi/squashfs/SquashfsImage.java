package dev.mkddi.squashfs;

import static dev.mkddi.squashfs.SquashfsConstants.*;

import dev.mkddi.io.LittleEndian;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.Symlink;
import dev.mkddi.tree.Xattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A planned squashfs image. {@link #write} streams it into a channel at any offset (for example
 * inside a partition of a disk image) and returns its size; {@link #maxSizeBytes()} bounds that
 * size before anything is compressed.
 *
 * <p>Layout, as mksquashfs writes it: the superblock, the compressor options (when not the
 * defaults), the data blocks and fragment blocks in data order, the inode table, the directory
 * table, the fragment table, the export table, the uid/gid table, the xattr tables, zeros up to a
 * multiple of 4 KiB. Data blocks are compressed on every core (see {@link DataPipeline}); the
 * metadata tables are built while the data streams out (each inode as soon as its file's data is
 * placed), held compressed in memory and written after the data.
 *
 * <p>Immutable and thread-safe; {@link #write} gives identical bytes each time, whatever the number
 * of threads.
 */
public final class SquashfsImage {
  private final SquashfsOptions options;
  private final long mkfsTime;
  private final PlannedInode root;
  private final List<PlannedInode> order;
  private final List<PlannedFile> files;
  private final long[] ids;
  private final List<List<Xattr>> xattrSets;
  private final byte[] compressorOptions;

  SquashfsImage(
      SquashfsOptions options,
      long mkfsTime,
      PlannedInode root,
      List<PlannedInode> order,
      List<PlannedFile> files,
      long[] ids,
      List<List<Xattr>> xattrSets) {
    this.options = options;
    this.mkfsTime = mkfsTime;
    this.root = root;
    this.order = List.copyOf(order);
    this.files = List.copyOf(files);
    this.ids = ids.clone();
    this.xattrSets = List.copyOf(xattrSets);
    this.compressorOptions = Codecs.options(options.compression(), options.blockSize());
  }

  /**
   * @return the number of inodes
   */
  public long inodeCount() {
    return order.size();
  }

  /**
   * @return the creation time the superblock will carry
   */
  public Instant mkfsTime() {
    return Instant.ofEpochSecond(mkfsTime);
  }

  /**
   * @return the options the image is written with
   */
  public SquashfsOptions options() {
    return options;
  }

  /**
   * An upper bound of {@link SquashfsResult#sizeBytes()}, known before anything is read: every
   * block stored uncompressed and every inode, directory header and table at its largest.
   *
   * @return the largest size a write can produce, a multiple of 4096
   */
  public long maxSizeBytes() {
    long size = SUPERBLOCK_SIZE + METADATA_HEADER + compressorOptions.length;
    long inodes = 0;
    long listings = 0;
    long fragmentBlocks = 0;
    for (PlannedInode i : order) {
      if (i.file != null) {
        size = Math.addExact(size, i.file.size());
        inodes += LREG_INODE_SIZE + 4L * i.file.blocks();
        fragmentBlocks += i.file.tail() > 0 ? 1 : 0;
      } else if (i.isDirectory()) {
        long listing = 0;
        for (PlannedInode.Child c : i.children) {
          listing += DIR_HEADER_SIZE + DIR_ENTRY_SIZE + c.name().length();
        }
        listings += listing;
        inodes += LDIR_INODE_SIZE + (listing / METADATA_SIZE + 1) * (DIR_INDEX_SIZE + 256);
      } else if (i.node instanceof Symlink s) {
        inodes += SYMLINK_INODE_SIZE + s.targetLength() + 4;
      } else {
        inodes += LDEV_INODE_SIZE;
      }
    }
    long xattrs = 0;
    for (List<Xattr> set : xattrSets) {
      for (Xattr x : set) {
        xattrs +=
            2L * (XATTR_ENTRY_SIZE + XATTR_VAL_SIZE + XATTR_OOL_SIZE) + x.name().length() * 4L;
        xattrs += x.valueLength();
      }
    }
    size += metadata(inodes) + metadata(listings) + metadata(xattrs);
    size += table(fragmentBlocks * FRAGMENT_ENTRY_SIZE);
    size += table((long) order.size() * LOOKUP_ENTRY_SIZE);
    size += table((long) ids.length * ID_ENTRY_SIZE);
    size += table((long) xattrSets.size() * XATTR_ID_SIZE) + XATTR_TABLE_HEADER_SIZE;
    return align(size);
  }

  private static long metadata(long raw) {
    return raw + METADATA_HEADER * (raw / METADATA_SIZE + 1);
  }

  private static long table(long raw) {
    return metadata(raw) + 8 * (raw / METADATA_SIZE + 1);
  }

  private static long align(long n) {
    return Math.addExact(n, PAD_SIZE - 1) / PAD_SIZE * PAD_SIZE;
  }

  /**
   * Writes the whole image to {@code ch} starting at {@code offset}, compressing on one thread per
   * available processor. Every byte of the returned size is written, padding included.
   *
   * @param ch the output, open for writing
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes of file data
   * @return the image's size and facts
   * @throws dev.mkddi.io.ImageBuildException when a source file is shorter than when it was scanned
   * @throws IOException on a read or write failure
   */
  public SquashfsResult write(FileChannel ch, long offset, ProgressListener listener)
      throws IOException {
    return write(ch, offset, listener, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Like {@link #write(FileChannel, long, ProgressListener)} with a given number of compressing
   * threads; the bytes are the same for any number.
   *
   * @param ch the output
   * @param offset where the image starts in {@code ch}
   * @param listener receives progress in bytes of file data
   * @param threads how many blocks to compress at once, at least 1
   * @return the image's size and facts
   * @throws IOException on a read or write failure
   */
  public SquashfsResult write(FileChannel ch, long offset, ProgressListener listener, int threads)
      throws IOException {
    return write(ch, offset, listener, threads, UnaryOperator.identity());
  }

  /** The write, with a hook that wraps each compressing thread's compressor. */
  SquashfsResult write(
      FileChannel ch,
      long offset,
      ProgressListener listener,
      int threads,
      UnaryOperator<BlockEncoder> wrap)
      throws IOException {
    long dataStart = SUPERBLOCK_SIZE;
    if (compressorOptions.length > 0) {
      ByteBuffer b = LittleEndian.allocate(METADATA_HEADER + compressorOptions.length);
      b.putShort((short) (compressorOptions.length | METADATA_UNCOMPRESSED)).put(compressorOptions);
      PositionalIo.writeFully(ch, b.flip(), offset + dataStart);
      dataStart += b.limit();
    }
    long total = 0;
    for (PlannedFile f : files) {
      total += f.size();
    }
    int count = order.size();
    long[] refs = new long[count + 1];
    try (BlockEncoder meta = Codecs.compressor(options.compression(), options.blockSize(), false);
        ProgressListener.Step step = listener.begin("writing squashfs image", total);
        DataPipeline data =
            new DataPipeline(
                options, files, ch, offset, dataStart, Math.max(1, threads), step, wrap)) {
      MetadataWriter inodes = new MetadataWriter(meta);
      MetadataWriter dirs = new MetadataWriter(meta);
      for (PlannedInode i : order) {
        ByteBuffer encoded;
        if (i.file != null) {
          encoded = InodeEncoder.regular(i, data.await(i.file).data());
        } else if (i.isDirectory()) {
          encoded = directory(i, refs, dirs, count);
        } else if (i.node instanceof Symlink) {
          encoded = InodeEncoder.symlink(i);
        } else {
          encoded = InodeEncoder.special(i);
        }
        refs[i.number] = inodes.ref();
        inodes.write(encoded);
      }
      TableWriter t = new TableWriter(ch, offset, data.finish(), meta);
      long inodeTable = t.raw(inodes.finish());
      long directoryTable = t.raw(dirs.finish());
      List<long[]> fragments = data.fragments();
      ByteBuffer fragmentEntries =
          LittleEndian.allocate(Math.multiplyExact(fragments.size(), FRAGMENT_ENTRY_SIZE));
      for (long[] f : fragments) {
        fragmentEntries.putLong(f[0]).putInt((int) f[1]).putInt(0);
      }
      long fragmentTable = t.indexed(fragmentEntries.array(), new byte[0]);
      long lookupTable = INVALID_BLOCK;
      if (options.exportTable()) {
        ByteBuffer lookup = LittleEndian.allocate(Math.multiplyExact(count, LOOKUP_ENTRY_SIZE));
        for (int n = 1; n <= count; n++) {
          lookup.putLong(refs[n]);
        }
        lookupTable = t.indexed(lookup.array(), new byte[0]);
      }
      ByteBuffer idEntries = LittleEndian.allocate(ids.length * ID_ENTRY_SIZE);
      for (long id : ids) {
        idEntries.putInt((int) id);
      }
      long idTable = t.indexed(idEntries.array(), new byte[0]);
      long xattrIdTable = INVALID_BLOCK;
      if (!xattrSets.isEmpty()) {
        XattrTable.Encoded x = XattrTable.encode(xattrSets, meta);
        long kv = t.raw(x.table());
        ByteBuffer header = LittleEndian.allocate(XATTR_TABLE_HEADER_SIZE);
        header.putLong(kv).putInt(xattrSets.size()).putInt(0);
        xattrIdTable = t.indexed(x.ids(), header.array());
      }
      long bytesUsed = t.position();
      long size = align(bytesUsed);
      PositionalIo.writeZeros(ch, offset + bytesUsed, size - bytesUsed);
      Superblock sb =
          new Superblock(
              count,
              mkfsTime,
              options.blockSize(),
              fragments.size(),
              options.compression().compressor().id(),
              flags(),
              ids.length,
              refs[root.number],
              bytesUsed,
              idTable,
              xattrIdTable,
              inodeTable,
              directoryTable,
              fragmentTable,
              lookupTable);
      PositionalIo.writeFully(ch, ByteBuffer.wrap(sb.toBytes()), offset);
      return new SquashfsResult(size, bytesUsed, count, fragments.size(), mkfsTime());
    }
  }

  private int flags() {
    int flags = 0;
    if (options.tailEnds()) {
      flags |= FLAG_ALWAYS_FRAG;
    }
    if (options.duplicates()) {
      flags |= FLAG_DUPLICATE;
    }
    if (options.exportTable()) {
      flags |= FLAG_EXPORT;
    }
    if (compressorOptions.length > 0) {
      flags |= FLAG_COMP_OPT;
    }
    return flags;
  }

  /** Appends a directory's listing to the directory table and encodes its inode. */
  private static ByteBuffer directory(
      PlannedInode dir, long[] refs, MetadataWriter dirs, int count) {
    DirectoryListing listing = new DirectoryListing();
    for (PlannedInode.Child c : dir.children) {
      PlannedInode child = c.inode();
      listing.add(refs[child.number], child.number, child.basicType, c.name().bytes());
    }
    byte[] bytes = listing.finish();
    long ref = dirs.ref();
    long start = dirs.position();
    dirs.write(bytes);
    List<DirectoryListing.Index> index = listing.index();
    long[] blocks = new long[index.size()];
    for (int k = 0; k < blocks.length; k++) {
      blocks[k] = dirs.blockStart(start + index.get(k).offset());
    }
    long parent = dir.parent == null ? count + 1L : dir.parent.number;
    return InodeEncoder.directory(
        dir, parent, ref, bytes.length, index, blocks, InodeEncoder.extendedDirectory(dir));
  }
}
