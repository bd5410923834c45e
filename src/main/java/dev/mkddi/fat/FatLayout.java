package dev.mkddi.fat;

import dev.mkddi.io.InvalidInputException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where every directory and file of a {@link FatTree} lives for one {@link FatGeometry}: each gets
 * one contiguous run of clusters, handed out from cluster 2 in depth-first order (a directory
 * before its children, children by name). Immutable.
 */
final class FatLayout {
  /** Linux refuses directories with more entries than this. */
  private static final int MAX_DIR_ENTRIES = 65536;

  /**
   * One contiguous run of clusters.
   *
   * @param node the file or directory
   * @param first its first cluster (0 for an empty file)
   * @param count its number of clusters
   */
  record Extent(FatTree.Node node, long first, long count) {}

  private final FatGeometry geometry;
  private final boolean label;
  private final List<Extent> extents = new ArrayList<>();
  private final Map<FatTree.Node, Extent> byNode = new IdentityHashMap<>();
  private long next = FatConstants.FIRST_CLUSTER;

  private FatLayout(FatGeometry geometry, boolean label) {
    this.geometry = geometry;
    this.label = label;
  }

  /**
   * Allocates clusters, even past the end of the file system (check {@link #fits()}).
   *
   * @param geometry the layout of the file system
   * @param label whether the root directory holds a volume-label entry
   * @return the allocation
   * @throws InvalidInputException when a directory has more entries than FAT allows
   */
  static FatLayout allocate(FatTree tree, FatGeometry geometry, boolean label)
      throws InvalidInputException {
    FatLayout l = new FatLayout(geometry, label);
    FatTree.Node root = tree.root();
    if (geometry.type() == FatType.FAT32) {
      l.take(root, l.directoryClusters(root));
    } else {
      l.byNode.put(root, new Extent(root, 0, 0));
      l.entries(root);
    }
    l.visit(root);
    return l;
  }

  private void visit(FatTree.Node dir) throws InvalidInputException {
    for (FatTree.Node n : dir.children.values()) {
      if (n.directory) {
        take(n, directoryClusters(n));
        visit(n);
      } else {
        take(n, (n.size + geometry.clusterBytes() - 1) / geometry.clusterBytes());
      }
    }
  }

  private void take(FatTree.Node n, long count) {
    long first = count == 0 ? 0 : next;
    Extent e = new Extent(n, first, count);
    byNode.put(n, e);
    extents.add(e);
    next += count;
  }

  private long directoryClusters(FatTree.Node dir) throws InvalidInputException {
    long bytes = (long) entries(dir) * FatConstants.DIR_ENTRY_SIZE;
    return Math.max(1, (bytes + geometry.clusterBytes() - 1) / geometry.clusterBytes());
  }

  /**
   * @param dir a directory
   * @return the number of 32-byte entries it holds (dot entries, label, long names included)
   * @throws InvalidInputException when that is more than FAT allows
   */
  int entries(FatTree.Node dir) throws InvalidInputException {
    int n = dir.name.isEmpty() ? (label ? 1 : 0) : 2;
    for (FatTree.Node c : dir.children.values()) {
      n += c.slots();
    }
    if (n > MAX_DIR_ENTRIES) {
      throw new InvalidInputException(
          "FAT: directory '" + dir.name + "' needs " + n + " entries, at most 65536 are allowed");
    }
    return n;
  }

  /**
   * @return whether all clusters fit and the FAT12/16 root directory has room for its entries
   * @throws InvalidInputException when a directory has too many entries
   */
  boolean fits(FatTree tree) throws InvalidInputException {
    if (geometry.type() != FatType.FAT32 && entries(tree.root()) > geometry.rootEntries()) {
      return false;
    }
    return usedClusters() <= geometry.clusterCount();
  }

  /**
   * @return the number of clusters allocated
   */
  long usedClusters() {
    return next - FatConstants.FIRST_CLUSTER;
  }

  /**
   * @return the runs in cluster order
   */
  List<Extent> extents() {
    return extents;
  }

  /**
   * @param n a node of the tree
   * @return its first cluster (0 for an empty file and the FAT12/16 root)
   */
  long firstCluster(FatTree.Node n) {
    return Objects.requireNonNull(byNode.get(n), "not in the layout").first();
  }

  /**
   * @param n a node of the tree
   * @return its number of clusters
   */
  long clusterCount(FatTree.Node n) {
    return Objects.requireNonNull(byNode.get(n), "not in the layout").count();
  }

  FatGeometry geometry() {
    return geometry;
  }

  boolean hasLabel() {
    return label;
  }
}
