package dev.mkddi.sidecar;

import java.util.List;
import java.util.UUID;

/**
 * The names of the files an update of an A/B image consists of, and the systemd-sysupdate match
 * patterns that select them: {@code <name>_<version>_<partuuid>.root.raw[.zst|.xz]}, {@code
 * .verity.raw…}, {@code .verity-sig.raw…}, the UKI {@code <name>_<version>.efi}, and the manifest
 * {@code SHA256SUMS} with its detached OpenPGP signature {@code SHA256SUMS.gpg}. sysupdate splits a
 * name at the first occurrence of the literal that follows a wildcard, so {@code
 * <name>_@v_@u.root.raw.zst} reads the version up to the next {@code _} and the PARTUUID up to
 * {@code .root.raw.zst}; the version must therefore hold no {@code _}. Stateless and thread-safe.
 */
public final class UpdateFiles {
  /** The manifest sysupdate reads from a {@code url-file} source. */
  public static final String SHA256SUMS = "SHA256SUMS";

  /** The detached OpenPGP signature of {@link #SHA256SUMS}. */
  public static final String SHA256SUMS_SIGNATURE = "SHA256SUMS.gpg";

  /** The version wildcard. */
  public static final String VERSION = "@v";

  private static final String UUID_WILDCARD = "@u";
  private static final String RAW = ".raw";
  private static final String EFI = ".efi";

  private UpdateFiles() {}

  /** A partition an update carries. */
  public enum Part {
    /** The root file system. */
    ROOT("root"),
    /** Its dm-verity hash tree. */
    VERITY("verity"),
    /** The signature of its root hash. */
    VERITY_SIG("verity-sig");

    private final String suffix;

    Part(String suffix) {
      this.suffix = suffix;
    }

    /**
     * @return the part of the file name that names the partition, e.g. {@code verity-sig}
     */
    public String suffix() {
      return suffix;
    }
  }

  /**
   * @param name the image name
   * @param version the version
   * @param uuid the partition's PARTUUID in the image
   * @param part which partition
   * @param compression the compression suffix with its dot, or empty
   * @return e.g. {@code app_2_0f1e…c9.root.raw.zst}
   */
  public static String partitionFile(
      String name, String version, UUID uuid, Part part, String compression) {
    return name(name, version, uuid.toString(), part, compression);
  }

  /**
   * @param name the image name
   * @param part which partition
   * @param compression the compression suffix with its dot, or empty
   * @return the source pattern, e.g. {@code app_@v_@u.root.raw.zst}
   */
  public static String partitionPattern(String name, Part part, String compression) {
    return name(name, VERSION, UUID_WILDCARD, part, compression);
  }

  private static String name(
      String name, String version, String uuid, Part part, String compression) {
    return name + "_" + version + "_" + uuid + "." + part.suffix() + RAW + compression;
  }

  /**
   * @param name the image name
   * @param version the version
   * @return the UKI's file name, {@code <name>_<version>.efi}: the update artifact, and the UKI's
   *     name on the ESP of an A/B image
   */
  public static String ukiFile(String name, String version) {
    return name + "_" + version + EFI;
  }

  /**
   * @param name the image name
   * @return the UKI's source pattern, {@code <name>_@v.efi}
   */
  public static String ukiPattern(String name) {
    return ukiFile(name, VERSION);
  }

  /**
   * The names a UKI has on the ESP, first the one a new version is installed under: with boot
   * counting {@code <name>_@v+@l-@d.efi}, {@code <name>_@v+@l.efi} and {@code <name>_@v.efi} (the
   * names systemd-boot gives it while it counts, and after systemd-bless-boot marked it good).
   *
   * @param name the image name
   * @param counting whether new versions get boot counting
   * @return the target patterns
   */
  public static List<String> ukiTargetPatterns(String name, boolean counting) {
    String base = name + "_" + VERSION;
    return counting
        ? List.of(base + "+@l-@d" + EFI, base + "+@l" + EFI, base + EFI)
        : List.of(base + EFI);
  }
}
