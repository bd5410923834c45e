package dev.mkddi.builder;

import dev.mkddi.description.RootSource;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import dev.mkddi.tree.TreeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the root sources of the description in order (archives, then the {@code root/} overlay or
 * {@code root.tar.gz}, then profile overlays) into one tree ({@code SOURCE_DATE_EPOCH} clamping
 * happens when the file system is planned), and adds the systemd-sysupdate definitions of an A/B
 * image ({@link SysupdateDefinitions}) last. Archives keep the owners they record; overlay
 * directories, which hold files checked out by whoever builds, are owned by root in the image (as
 * mkosi does). Stateless.
 */
final class LoadTreeStep {
  private LoadTreeStep() {}

  /**
   * @param ctx the build context
   * @param loader the loader; the tree reads its spool files until the loader is closed
   * @param spoolDir where decompressed archives are spooled
   * @return the merged root tree
   * @throws InvalidInputException when a source is invalid
   * @throws IOException when a source cannot be read
   */
  static FileTree run(BuildContext ctx, TreeLoader loader, Path spoolDir) throws IOException {
    List<TreeSource> sources = new ArrayList<>();
    for (RootSource s : ctx.description().rootSources()) {
      sources.add(new TreeSource(s.path(), s.isDirectory(), s.targetDir()));
    }
    SysupdateDefinitions.source(ctx, spoolDir).ifPresent(sources::add);
    return loader.loadSources(
        sources,
        new TreeOptions(
            false, spoolDir, RootImages.xattrLimit(ctx.description().disk().root().type())),
        ctx.listener());
  }
}
