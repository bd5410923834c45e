package dev.mkddi.tree;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the target file system can store of one entry's extended attributes, checked while the
 * sources are read so a refusal names the archive and entry. Implementations are stateless and
 * thread-safe.
 */
@FunctionalInterface
public interface XattrLimit {
  /** Accepts everything {@link Xattr} itself allows. */
  XattrLimit NONE = xattrs -> null;

  /**
   * @param xattrs the attributes of one entry
   * @return why they cannot be stored (without the entry's name), or {@code null} when they can
   */
  @Nullable String problem(List<Xattr> xattrs);
}
