package dev.mkddi.tree;

/**
 * One name in a directory and the node it names. Immutable.
 *
 * @param name the name
 * @param node the node
 */
public record DirEntry(Name name, Node node) {
  /**
   * @param name the name
   * @param node the node
   */
  public DirEntry {
    if (name == null || node == null) {
      throw new IllegalArgumentException("null name or node");
    }
  }
}
