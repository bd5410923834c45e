package dev.mkddi.tree;

import dev.mkddi.io.Excerpt;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressInputStream;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads an uncompressed tar archive into a {@link TreeBuilder} with Commons Compress's {@link
 * TarArchiveInputStream}, taking names, link targets and pax records as raw bytes from {@link
 * TarHeaderScanner}. Regular files point into the archive itself (no copy); sparse entries are
 * expanded into a spool file. Extended attributes come from {@code SCHILY.xattr.*} (GNU tar) and
 * {@code LIBARCHIVE.xattr.*} (bsdtar) records, of every namespace. Not thread-safe.
 */
final class TarSource {
  private static final String SCHILY_XATTR = "SCHILY.xattr.";
  private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";
  private static final String SCHILY_ACL = "SCHILY.acl.";

  /**
   * Most bytes of holes that the sparse entries of one archive may expand to: the holes are written
   * to the spool and into the image as zeros, so a few KB of archive could otherwise cost
   * terabytes.
   */
  static final long MAX_SPARSE_HOLES = 4L << 30;

  private final Path tar;
  private final String source;
  private final boolean allRoot;
  private final XattrLimit xattrLimit;
  private final TreeBuilder builder;
  private final Spool spool;
  private final ProgressListener listener;
  private @Nullable Path sparseSpool;
  private long holesLeft = MAX_SPARSE_HOLES;
  private boolean aclWarned;

  private TarSource(
      Path tar,
      String source,
      boolean allRoot,
      XattrLimit xattrLimit,
      TreeBuilder builder,
      Spool spool,
      ProgressListener listener) {
    this.tar = tar;
    this.source = source;
    this.allRoot = allRoot;
    this.xattrLimit = xattrLimit;
    this.builder = builder;
    this.spool = spool;
    this.listener = listener;
  }

  /**
   * Adds every entry of the archive to {@code builder}.
   *
   * @param tar the uncompressed tar (the archive itself, or its decompressed spool copy)
   * @param source the archive as the user named it, for messages
   * @param allRoot whether to force owner and group 0
   * @param xattrLimit what the target can store of one entry's extended attributes
   * @param builder where the entries go
   * @param spool where sparse entries are expanded
   * @param listener receives warnings
   * @throws InvalidInputException when the archive is malformed or an entry is refused
   * @throws IOException on a read failure
   */
  static void read(
      Path tar,
      String source,
      boolean allRoot,
      XattrLimit xattrLimit,
      TreeBuilder builder,
      Spool spool,
      ProgressListener listener)
      throws IOException {
    new TarSource(tar, source, allRoot, xattrLimit, builder, spool, listener).read();
  }

  private void read() throws IOException {
    List<TarHeaderScanner.RawHeader> raw;
    try (FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ)) {
      raw = TarHeaderScanner.scan(ch, ch.size(), source);
    }
    // The stream, not TarFile: TarFile 1.28 misplaces the entry after a pax 1.0 sparse file (it
    // skips the sparse map twice) and then reads a pax header's text as an entry.
    try (ProgressListener.Step step = listener.begin("reading " + source, Files.size(tar));
        InputStream file = new ProgressInputStream(Files.newInputStream(tar), step);
        TarArchiveInputStream in =
            new TarArchiveInputStream(file, StandardCharsets.ISO_8859_1.name())) {
      int index = 0;
      for (TarArchiveEntry e = next(in); e != null; e = next(in)) {
        if (index == raw.size()) {
          throw new InvalidInputException(
              source
                  + ": entry '"
                  + Excerpt.of(e.getName(), Name.MAX_SHOWN)
                  + "' has no header of its own (corrupt archive)");
        }
        TarHeaderScanner.RawHeader h = raw.get(index++);
        try {
          add(in, e, h);
        } catch (IllegalArgumentException ex) {
          throw new InvalidInputException(
              source
                  + ": entry '"
                  + Name.display(h.name())
                  + "': "
                  + Excerpt.of(String.valueOf(ex.getMessage()), Name.MAX_SHOWN),
              ex);
        }
      }
      if (index != raw.size()) {
        throw new InvalidInputException(
            source
                + ": entry '"
                + Name.display(raw.get(index).name())
                + "' could not be read (corrupt archive)");
      }
    }
  }

  private TarArchiveEntry next(TarArchiveInputStream in) throws IOException {
    try {
      return in.getNextEntry();
    } catch (InvalidInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          source
              + ": not a valid tar archive: "
              + Excerpt.of(String.valueOf(e.getMessage()), Name.MAX_SHOWN),
          e);
    }
  }

  private void add(TarArchiveInputStream in, TarArchiveEntry e, TarHeaderScanner.RawHeader h)
      throws IOException {
    String entry = Name.display(h.name());
    List<Name> path = EntryPath.parse(h.name(), source);
    Metadata meta = metadata(e, h, entry);
    if (e.isSymbolicLink()) {
      String problem = Symlink.problem(h.link());
      if (problem != null) {
        throw new InvalidInputException(
            source + ": entry '" + entry + "': symlink target " + problem);
      }
      builder.file(path, new Symlink(builder.newInode(), meta, h.link()), entry);
    } else if (e.isLink()) {
      builder.hardLink(path, EntryPath.parse(h.link(), source), entry);
    } else if (e.isDirectory()) {
      builder.directory(path, meta, entry);
    } else if (e.isCharacterDevice() || e.isBlockDevice()) {
      SpecialType type =
          e.isBlockDevice() ? SpecialType.BLOCK_DEVICE : SpecialType.CHARACTER_DEVICE;
      builder.file(
          path,
          new SpecialFile(builder.newInode(), meta, type, e.getDevMajor(), e.getDevMinor()),
          entry);
    } else if (e.isFIFO()) {
      builder.file(path, new SpecialFile(builder.newInode(), meta, SpecialType.FIFO, 0, 0), entry);
    } else if (e.isFile()) {
      builder.file(path, new RegularFile(builder.newInode(), meta, content(in, e, h)), entry);
    } else {
      listener.warn(
          source
              + ": entry '"
              + entry
              + "': unsupported tar entry type '"
              + (char) h.type()
              + "', skipped");
    }
  }

  private FileContent content(
      TarArchiveInputStream in, TarArchiveEntry e, TarHeaderScanner.RawHeader h)
      throws IOException {
    if (!e.isSparse()) {
      return new FileContent(tar, h.dataOffset(), e.getSize());
    }
    if (sparseSpool == null) {
      sparseSpool = spool.newFile();
    }
    // the stream expands the holes of every sparse format (old GNU, pax 0.0, 0.1 and 1.0); it
    // stays open, as it is the archive itself
    String entry = source + ": entry '" + Name.display(h.name()) + "'";
    long holes = Math.max(0, e.getRealSize() - e.getSize());
    if (holes > holesLeft) {
      throw new InvalidInputException(
          entry
              + ": sparse file of "
              + e.getRealSize()
              + " bytes with "
              + e.getSize()
              + " bytes of data: mkddi writes holes out as zeros, and accepts at most "
              + (MAX_SPARSE_HOLES >> 30)
              + " GiB of them per archive");
    }
    holesLeft -= holes;
    long[] region = Spool.append(sparseSpool, in, entry);
    if (region[1] != e.getRealSize()) {
      throw new InvalidInputException(
          entry + ": sparse data of " + region[1] + " bytes, expected " + e.getRealSize());
    }
    return new FileContent(sparseSpool, region[0], region[1]);
  }

  private Metadata metadata(TarArchiveEntry e, TarHeaderScanner.RawHeader h, String entry)
      throws InvalidInputException {
    long uid = e.getLongUserId();
    long gid = e.getLongGroupId();
    if (uid < 0 || uid > Metadata.MAX_ID || gid < 0 || gid > Metadata.MAX_ID) {
      throw new InvalidInputException(
          source + ": entry '" + entry + "': owner " + uid + ":" + gid + " out of range");
    }
    Instant mtime = e.getLastModifiedTime().toInstant();
    int permissions = e.getMode() & Metadata.PERMISSION_MASK;
    List<Xattr> xattrs = xattrs(h.pax(), entry);
    String problem = xattrLimit.problem(xattrs);
    if (problem != null) {
      throw new InvalidInputException(source + ": entry '" + entry + "': " + problem);
    }
    return allRoot
        ? new Metadata(permissions, 0, 0, mtime, xattrs)
        : new Metadata(permissions, uid, gid, mtime, xattrs);
  }

  private List<Xattr> xattrs(Map<String, byte[]> pax, String entry) throws InvalidInputException {
    List<Xattr> list = new ArrayList<>();
    for (Map.Entry<String, byte[]> r : pax.entrySet()) {
      String key = r.getKey();
      if (key.startsWith(SCHILY_XATTR)) {
        list.add(new Xattr(key.substring(SCHILY_XATTR.length()), r.getValue()));
      } else if (key.startsWith(LIBARCHIVE_XATTR)) {
        String name =
            URLDecoder.decode(key.substring(LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
        if (!pax.containsKey(SCHILY_XATTR + name)) {
          list.add(new Xattr(name, base64(r.getValue(), entry, key)));
        }
      } else if (key.startsWith(SCHILY_ACL) && !aclWarned) {
        aclWarned = true;
        listener.warn(
            source
                + ": entry '"
                + entry
                + "': "
                + key
                + " (tar --acls) is not"
                + " supported and ignored; archive ACLs as system.posix_acl_* xattrs instead");
      }
    }
    return list;
  }

  private byte[] base64(byte[] value, String entry, String key) throws InvalidInputException {
    try {
      return Base64.getDecoder().decode(new String(value, StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          source + ": entry '" + entry + "': " + key + " is not valid base64");
    }
  }
}
