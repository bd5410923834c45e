package dev.mkddi.inspect;

/** Where {@link ImageInspector} found an image's root hash, most trusted first. */
public enum RootHashSource {
  /** A {@code .roothash} file next to the image, as systemd-dissect reads it. */
  SIDECAR("sidecar"),
  /** A partition's content: the signature JSON, or a verity hash tree. */
  PARTITION_CONTENT("partition-content"),
  /** The PARTUUIDs of a verity data partition and its hash partition (DPS rule). */
  PARTITION_UUIDS("partition-uuids");

  private final String jsonName;

  RootHashSource(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * @return the name in {@code mkddi inspect --json}
   */
  public String jsonName() {
    return jsonName;
  }
}
