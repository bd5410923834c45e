package dev.mkddi.builder;

import dev.mkddi.description.DiskLayout;
import dev.mkddi.description.Filesystem;
import dev.mkddi.description.PartitionSpec;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.DirEntry;
import dev.mkddi.tree.Directory;
import dev.mkddi.tree.FileContent;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.Metadata;
import dev.mkddi.tree.Name;
import dev.mkddi.tree.Node;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the content of the extra partitions out of the root tree, as kiwi does: each partition with
 * a mount point takes that directory's content, the root keeps the empty directory, and the root's
 * {@code /etc/fstab} gets one line per mount point by PARTUUID (gpt-auto mounts {@code /var} only
 * when its PARTUUID derives from the machine ID, which a generic image has not). Runs before the
 * root is planned, so the lines are hashed with it. Stateless.
 */
final class SplitTreeStep {
  /** Mode of the directories and of {@code /etc/fstab} the step creates. */
  private static final int DIRECTORY_MODE = 0755;

  private static final int FSTAB_MODE = 0644;

  private SplitTreeStep() {}

  /**
   * The root tree and the trees of the partitions, by index in the layout.
   *
   * @param root the root tree: mount points emptied, fstab extended
   * @param partitions the content of each extra partition with a file system, by layout index
   */
  record Trees(FileTree root, Map<Integer, FileTree> partitions) {
    Trees {
      partitions = Map.copyOf(partitions);
    }
  }

  /**
   * @param ctx the build context
   * @param tree the whole tree
   * @param uuids the PARTUUIDs of the layout's partitions, in layout order
   * @param work where the new fstab is written
   * @return the trees
   * @throws InvalidInputException when a mount point is a file in the tree
   * @throws IOException when the old fstab cannot be read or the new one written
   */
  static Trees run(BuildContext ctx, FileTree tree, List<UUID> uuids, Path work)
      throws IOException {
    DiskLayout layout = ctx.description().layout();
    Instant time = ctx.sourceDateEpoch().orElse(tree.newestMtime());
    Directory root = tree.root();
    Map<Integer, FileTree> parts = new HashMap<>();
    StringBuilder fstab = new StringBuilder();
    for (int i = 0; i < layout.partitions().size(); i++) {
      Optional<PartitionSpec> spec = layout.partitions().get(i).extra();
      if (spec.isEmpty() || spec.get().filesystem().isEmpty()) {
        continue;
      }
      Optional<String> mountpoint = spec.get().mountpoint();
      if (mountpoint.isEmpty()) {
        parts.put(i, FileTree.of(new Directory(dirMetadata(time), List.of())));
        continue;
      }
      String[] path = mountpoint.get().substring(1).split("/");
      @Nullable Directory content = find(root, path, 0, mountpoint.get());
      parts.put(
          i, FileTree.of(content != null ? content : new Directory(dirMetadata(time), List.of())));
      Metadata kept = content != null ? content.metadata() : dirMetadata(time);
      root = replace(root, path, 0, new Directory(kept, List.of()), time);
      fstab.append(
          fstabLine(
              uuids.get(i),
              mountpoint.get(),
              spec.get().filesystem().get(),
              spec.get().growFileSystem()));
    }
    if (fstab.length() > 0) {
      root = withFstab(root, fstab.toString(), time, work);
    }
    return new Trees(FileTree.of(root), parts);
  }

  /**
   * {@code PARTUUID=… /var ext4 defaults 0 2}: writable file systems are checked at boot; one to
   * grow gets {@code x-systemd.growfs} (fstab mounts ignore the GPT grow-file-system flag, which
   * only systemd-gpt-auto-generator reads).
   */
  static String fstabLine(UUID partUuid, String mountpoint, Filesystem fs, boolean grow) {
    String type =
        switch (fs) {
          case FAT16, FAT32 -> "vfat";
          default -> fs.kiwiName();
        };
    boolean readOnly = fs == Filesystem.EROFS || fs == Filesystem.SQUASHFS;
    return "PARTUUID="
        + partUuid
        + " "
        + mountpoint
        + " "
        + type
        + (readOnly ? " ro 0 0\n" : grow ? " defaults,x-systemd.growfs 0 2\n" : " defaults 0 2\n");
  }

  private static Metadata dirMetadata(Instant time) {
    return Metadata.of(DIRECTORY_MODE, 0, 0, time);
  }

  /** The directory at {@code path[from…]}, or null when it does not exist. */
  private static @Nullable Directory find(Directory dir, String[] path, int from, String mountpoint)
      throws InvalidInputException {
    if (from == path.length) {
      return dir;
    }
    for (DirEntry e : dir.entries()) {
      if (e.name().equals(Name.of(path[from]))) {
        if (e.node() instanceof Directory sub) {
          return find(sub, path, from + 1, mountpoint);
        }
        throw new InvalidInputException(
            "the mount point "
                + mountpoint
                + " of a partition is not a directory in the root tree (/"
                + String.join("/", List.of(path).subList(0, from + 1))
                + " is a file)");
      }
    }
    return null;
  }

  /** {@code dir} with {@code path[from…]} replaced by {@code node}, directories made on the way. */
  private static Directory replace(
      Directory dir, String[] path, int from, Node node, Instant time) {
    Name name = Name.of(path[from]);
    List<DirEntry> entries = new ArrayList<>();
    boolean found = false;
    for (DirEntry e : dir.entries()) {
      if (e.name().equals(name)) {
        found = true;
        entries.add(new DirEntry(name, child(e.node(), path, from, node, time)));
      } else {
        entries.add(e);
      }
    }
    if (!found) {
      entries.add(new DirEntry(name, child(null, path, from, node, time)));
      entries.sort((a, b) -> a.name().compareTo(b.name()));
    }
    return new Directory(dir.metadata(), entries);
  }

  private static Node child(@Nullable Node old, String[] path, int from, Node node, Instant time) {
    if (from == path.length - 1) {
      return node;
    }
    Directory sub = old instanceof Directory d ? d : new Directory(dirMetadata(time), List.of());
    return replace(sub, path, from + 1, node, time);
  }

  /** Appends the lines to the tree's {@code /etc/fstab} (or a new one), written to {@code work}. */
  private static Directory withFstab(Directory root, String lines, Instant time, Path work)
      throws IOException {
    String[] path = {"etc", "fstab"};
    @Nullable Directory etc = find(root, new String[] {"etc"}, 0, "/etc");
    @Nullable RegularFile old = null;
    if (etc != null) {
      for (DirEntry e : etc.entries()) {
        if (e.name().equals(Name.of("fstab")) && e.node() instanceof RegularFile f) {
          old = f;
        }
      }
    }
    Path file = Files.createTempFile(work, "fstab-", "");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (old != null) {
        FileContent c = old.content();
        try (FileChannel in = FileChannel.open(c.file(), StandardOpenOption.READ)) {
          long done = 0;
          while (done < c.size()) {
            done += in.transferTo(c.offset() + done, c.size() - done, out);
          }
        }
        if (c.size() > 0 && !endsWithNewline(c)) {
          out.write(StandardCharsets.UTF_8.encode("\n"));
        }
      } else {
        out.write(
            StandardCharsets.UTF_8.encode(
                "# the partitions of this image, by PARTUUID (written by mkddi)\n"));
      }
      out.write(StandardCharsets.UTF_8.encode(lines));
    }
    Metadata m = old != null ? old.metadata() : Metadata.of(FSTAB_MODE, 0, 0, time);
    RegularFile fstab =
        new RegularFile(Long.MAX_VALUE, m, new FileContent(file, 0, Files.size(file)));
    return replace(root, path, 0, fstab, time);
  }

  private static boolean endsWithNewline(FileContent c) throws IOException {
    try (InputStream in =
        Channels.newInputStream(
            FileChannel.open(c.file(), StandardOpenOption.READ)
                .position(c.offset() + c.size() - 1))) {
      return in.read() == '\n';
    }
  }
}
