package dev.mkddi.gpt;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a partition is for, in the words of the Discoverable Partitions Specification: {@code root},
 * {@code usr}, their {@code -verity} hash partitions and {@code -verity-sig} signature partitions
 * (one type GUID per {@link Architecture}), and the architecture-independent types. Immutable and
 * thread-safe.
 */
public enum PartitionDesignator {
  ROOT("root", true),
  ROOT_VERITY("root-verity", true),
  ROOT_VERITY_SIG("root-verity-sig", true),
  USR("usr", true),
  USR_VERITY("usr-verity", true),
  USR_VERITY_SIG("usr-verity-sig", true),
  ESP("esp", false),
  XBOOTLDR("xbootldr", false),
  SWAP("swap", false),
  HOME("home", false),
  SRV("srv", false),
  VAR("var", false),
  TMP("tmp", false),
  USER_HOME("user-home", false),
  LINUX_GENERIC("linux-generic", false);

  private static final String VERITY_SUFFIX = "-verity";
  private static final String SIG_SUFFIX = "-verity-sig";

  private final String designatorName;
  private final boolean architectureSpecific;

  PartitionDesignator(String designatorName, boolean architectureSpecific) {
    this.designatorName = designatorName;
    this.architectureSpecific = architectureSpecific;
  }

  /**
   * @return the name as systemd and the DPS CSV spell it, e.g. {@code root-verity}
   */
  public String designatorName() {
    return designatorName;
  }

  /**
   * @return whether each architecture has its own type GUID for this designator
   */
  public boolean isArchitectureSpecific() {
    return architectureSpecific;
  }

  /**
   * @return whether this is a dm-verity hash partition ({@code root-verity}, {@code usr-verity})
   */
  public boolean isVerity() {
    return this == ROOT_VERITY || this == USR_VERITY;
  }

  /**
   * @return whether this is a root-hash signature partition ({@code -verity-sig})
   */
  public boolean isVeritySignature() {
    return this == ROOT_VERITY_SIG || this == USR_VERITY_SIG;
  }

  /**
   * @return the data partition a verity or signature partition protects ({@code root} for {@code
   *     root-verity}), or this designator itself
   */
  public PartitionDesignator dataDesignator() {
    return switch (this) {
      case ROOT_VERITY, ROOT_VERITY_SIG -> ROOT;
      case USR_VERITY, USR_VERITY_SIG -> USR;
      default -> this;
    };
  }

  /**
   * @return the hash partition of this data partition ({@code root-verity} for {@code root}), or
   *     empty when the designator has no verity counterpart
   */
  public Optional<PartitionDesignator> verityDesignator() {
    return switch (dataDesignator()) {
      case ROOT -> Optional.of(ROOT_VERITY);
      case USR -> Optional.of(USR_VERITY);
      default -> Optional.empty();
    };
  }

  /**
   * The canonical partition type name systemd-repart and systemd-dissect use: {@code
   * <prefix>-<arch>[-verity[-sig]]} for architecture-specific designators ({@code
   * root-x86-64-verity}), the designator name for the others ({@code esp}).
   *
   * @param architecture the architecture; ignored unless {@link #isArchitectureSpecific()}
   * @return the type name
   */
  public String typeName(@Nullable Architecture architecture) {
    if (!architectureSpecific) {
      return designatorName;
    }
    String suffix = isVeritySignature() ? SIG_SUFFIX : isVerity() ? VERITY_SUFFIX : "";
    String prefix = designatorName.substring(0, designatorName.length() - suffix.length());
    if (architecture == null) {
      throw new IllegalArgumentException(this + " needs an architecture");
    }
    return prefix + "-" + architecture.canonicalName() + suffix;
  }

  /**
   * @param name a designator name such as {@code root-verity} (case ignored, {@code _} accepted for
   *     {@code -})
   * @return the designator, or empty when unknown
   */
  public static Optional<PartitionDesignator> find(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (PartitionDesignator d : values()) {
      if (d.designatorName.equals(n)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return designatorName;
  }
}
