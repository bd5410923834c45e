package dev.mkddi.erofs;

import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.PositionalIo;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the packed inode of {@code -Efragments}: after every file was compressed, the fragments
 * (ends of files, or whole files, left raw in the spool) are laid one after the other into the
 * packed file, in inode order, tails of partly compressed files first (their offset is a 32-bit
 * {@code h_fragmentoff}; a whole-file fragment's offset has 63 bits); a fragment equal to one
 * already placed is not stored again. The packed file then becomes a regular inode of its own
 * (root-owned, mode 0600, no link, in no directory, as mkfs.erofs makes it) that is compressed like
 * any file (without fragments) and whose nid the superblock holds. The order depends only on the
 * tree, so the bytes do not depend on the thread count. Stateless.
 */
final class FragmentPacker {
  /** Permissions of the packed inode (those of mkfs.erofs's temporary file). */
  private static final int PACKED_PERMISSIONS = 0600;

  private static final int COPY = 1 << 20;

  private FragmentPacker() {}

  /**
   * The packed inode and its file.
   *
   * @param inode the packed inode, already compressed (or left to be stored as it is)
   * @param file the packed file; close it (deleting it) once the image is written
   */
  record Packed(PlannedInode inode, Spools.Scratch file) {}

  /**
   * @param pclusters a file's clusters up to {@code from}
   * @param from where the fragment starts in the file
   * @param length its bytes
   * @return the clusters with the fragment as the last extent (a HEAD1 extent without blocks, as
   *     mkfs.erofs records it: the kernel finds it as the tail extent)
   */
  static List<ClusterIndex.Pcluster> withTail(
      List<ClusterIndex.Pcluster> pclusters, long from, int length) {
    List<ClusterIndex.Pcluster> all = new ArrayList<>(pclusters);
    all.add(new ClusterIndex.Pcluster(from, length, 0, true));
    return all;
  }

  /**
   * Places every fragment and compresses the packed inode.
   *
   * @param inodes all inodes, compressed; the packed inode is appended
   * @param settings the compression
   * @param spool the spool holding the fragments' bytes
   * @param directory where the packed file goes (null: the temporary directory)
   * @param threads threads for compressing the packed inode
   * @param listener progress
   * @param buildTime the packed inode's time
   * @return the packed inode, or null when no file has a fragment
   * @throws InvalidInputException when the tails of partly compressed files exceed 4 GiB
   * @throws IOException when the spool cannot be read or the packed file written
   */
  static @Nullable Packed pack(
      List<PlannedInode> inodes,
      ErofsCompression settings,
      FileChannel spool,
      @Nullable Path directory,
      int threads,
      ProgressListener listener,
      Instant buildTime)
      throws IOException {
    List<PlannedInode> tails = new ArrayList<>();
    List<PlannedInode> wholes = new ArrayList<>();
    for (PlannedInode inode : inodes) {
      CompressedFile c = inode.compressed;
      if (c != null && c.fragment() != null) {
        (c.wholeFragment() ? wholes : tails).add(inode);
      }
    }
    if (tails.isEmpty() && wholes.isEmpty()) {
      return null;
    }
    Spools.Scratch scratch = Spools.named(directory, ".packed");
    try {
      long end = place(tails, wholes, spool, scratch.channel());
      Metadata owner = Metadata.of(PACKED_PERMISSIONS, 0, 0, buildTime);
      RegularFile node = new RegularFile(0, owner, new FileContent(scratch.path(), 0, end));
      PlannedInode packed = new PlannedInode(node, null, null, inodes.size());
      packed.nlink = 0;
      packed.size = end;
      packed.chooseCore(buildTime, false);
      CompressionPass.run(
          List.of(packed),
          settings.withFragments(ErofsCompression.Fragments.OFF),
          spool,
          threads,
          listener);
      inodes.add(packed);
      return new Packed(packed, scratch);
    } catch (IOException | RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  /** Copies each new fragment to the end of the packed file; returns the packed file's length. */
  private static long place(
      List<PlannedInode> tails, List<PlannedInode> wholes, FileChannel spool, FileChannel packed)
      throws IOException {
    Map<ByteBuffer, Long> placed = new HashMap<>();
    MessageDigest sha = Digests.sha256();
    ByteBuffer copy = ByteBuffer.allocate(COPY);
    long end = 0;
    for (List<PlannedInode> group : List.of(tails, wholes)) {
      for (PlannedInode inode : group) {
        CompressedFile c = java.util.Objects.requireNonNull(inode.compressed);
        CompressedFile.Fragment f = java.util.Objects.requireNonNull(c.fragment());
        // copied to the end as it is hashed; the end moves on only when it is new
        long to = end;
        for (long[] run : f.runs()) {
          for (long done = 0; done < run[1]; ) {
            int piece = (int) Math.min(COPY, run[1] - done);
            copy.clear().limit(piece);
            PositionalIo.readFully(spool, copy, run[0] + done);
            sha.update(copy.array(), 0, piece);
            PositionalIo.writeFully(packed, copy.flip(), to);
            to += piece;
            done += piece;
          }
        }
        ByteBuffer key = ByteBuffer.wrap(sha.digest());
        Long at = placed.putIfAbsent(key, end);
        long offset = at != null ? at : end;
        if (at == null) {
          end = to;
        }
        if (!f.whole() && offset > 0xFFFF_FFFFL) {
          throw new InvalidInputException(
              inode.path()
                  + ": the tails of partly compressed files exceed the 4 GiB a fragment offset"
                  + " (h_fragmentoff) addresses; build without -Efragments");
        }
        inode.compressed = c.withFragmentOffset(offset);
      }
    }
    packed.truncate(end);
    return end;
  }

  /**
   * @param packed the packed inode, or null
   * @return the nid of the packed inode (0 when none)
   */
  static long packedNid(@Nullable Packed packed) {
    return packed == null ? 0 : packed.inode().nid;
  }
}
