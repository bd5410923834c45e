package dev.mkddi.tree;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ownership, permission bits, modification time and extended attributes of one inode. Immutable and
 * thread-safe.
 *
 * @param permissions the mode without the file type: permission bits plus set-uid (04000), set-gid
 *     (02000) and sticky (01000)
 * @param uid owner, 0 to 2^32-1
 * @param gid group, 0 to 2^32-1
 * @param mtime modification time, with nanoseconds
 * @param xattrs extended attributes, sorted by name on construction; names are unique
 */
public record Metadata(int permissions, long uid, long gid, Instant mtime, List<Xattr> xattrs) {
  /** Largest uid or gid. */
  public static final long MAX_ID = 0xFFFF_FFFFL;

  /** Mask of {@link #permissions}. */
  public static final int PERMISSION_MASK = 07777;

  /**
   * @param permissions the permission bits
   * @param uid owner
   * @param gid group
   * @param mtime modification time
   * @param xattrs extended attributes in any order
   * @throws IllegalArgumentException when a field is out of range or an xattr name repeats
   */
  public Metadata {
    if ((permissions & ~PERMISSION_MASK) != 0) {
      throw new IllegalArgumentException("permissions 0" + Integer.toOctalString(permissions));
    }
    if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
      throw new IllegalArgumentException("uid/gid " + uid + "/" + gid + " out of range");
    }
    if (mtime == null) {
      throw new IllegalArgumentException("mtime is null");
    }
    if (xattrs.isEmpty()) {
      xattrs = List.of(); // the common case: no copies
    } else {
      List<Xattr> sorted = new ArrayList<>(xattrs);
      sorted.sort(null);
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
          throw new IllegalArgumentException(
              "extended attribute " + sorted.get(i).name() + " twice");
        }
      }
      xattrs = List.copyOf(sorted);
    }
  }

  /**
   * @param permissions the permission bits
   * @param uid owner
   * @param gid group
   * @param mtime modification time
   * @return metadata without extended attributes
   */
  public static Metadata of(int permissions, long uid, long gid, Instant mtime) {
    return new Metadata(permissions, uid, gid, mtime, List.of());
  }

  /**
   * @param time the new modification time
   * @return a copy with {@code mtime} replaced
   */
  public Metadata withMtime(Instant time) {
    return new Metadata(permissions, uid, gid, time, xattrs);
  }

  /**
   * @return a copy owned by uid 0, gid 0
   */
  public Metadata withRootOwner() {
    return new Metadata(permissions, 0, 0, mtime, xattrs);
  }
}
