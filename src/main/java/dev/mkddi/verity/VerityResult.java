package dev.mkddi.verity;

import dev.mkddi.io.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link VerityHashTree#format} produced. Immutable (the root hash is copied) and thread-safe.
 *
 * @param rootHash the root hash ({@code digestSize} bytes)
 * @param geometry where the tree was written
 * @param params the parameters used
 */
public record VerityResult(byte[] rootHash, VerityGeometry geometry, VerityParams params) {

  /** Validates and copies. */
  public VerityResult {
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(params, "params");
    if (rootHash.length != params.hash().digestSize()) {
      throw new IllegalArgumentException(
          "root hash has "
              + rootHash.length
              + " bytes, "
              + params.hash()
              + " makes "
              + params.hash().digestSize());
    }
    rootHash = rootHash.clone();
  }

  /**
   * @return a copy of the root hash
   */
  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /**
   * @return the root hash in lower-case hex, as the kernel table, {@code roothash=} and signatures
   *     use it
   */
  public String rootHashHex() {
    return Hex.encode(rootHash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerityResult r
        && Arrays.equals(rootHash, r.rootHash)
        && geometry.equals(r.geometry)
        && params.equals(r.params);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rootHash) * 31 + params.hashCode();
  }

  @Override
  public String toString() {
    return "VerityResult[rootHash=" + rootHashHex() + ", params=" + params + "]";
  }
}
