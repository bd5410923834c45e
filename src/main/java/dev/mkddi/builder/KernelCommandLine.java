package dev.mkddi.builder;

import dev.mkddi.description.OverlayRootSpec;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.uki.KernelParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Composes the UKI-ready kernel command line of an image, in mkosi's order: the root tree's {@code
 * /etc/kernel/cmdline} (or {@code /usr/lib/kernel/cmdline}), then the verity parameters, then the
 * description's {@code kernelcmdline}. Immutable, thread-safe.
 *
 * @param words the command line, one parameter per element
 */
public record KernelCommandLine(List<String> words) {

  /** Validates and copies. */
  public KernelCommandLine {
    words = List.copyOf(words);
  }

  /**
   * Command line of an image whose root hash partitions are found by their PARTUUIDs (a DDI).
   *
   * @param treeCmdline content of the tree's kernel/cmdline file, or null
   * @param treeCmdlineName where it came from, for messages
   * @param rootHashHex the root hash in lower-case hex
   * @param userCmdline the description's {@code kernelcmdline}, or null
   * @param userCmdlineName where it came from, for messages (file:line)
   * @return the command line
   * @throws InvalidInputException when a {@code root=} would override {@code roothash=}
   */
  public static KernelCommandLine forVerityPartition(
      @Nullable String treeCmdline,
      @Nullable String treeCmdlineName,
      String rootHashHex,
      @Nullable String userCmdline,
      @Nullable String userCmdlineName)
      throws InvalidInputException {
    return compose(
        treeCmdline,
        treeCmdlineName,
        List.of("roothash=" + rootHashHex),
        userCmdline,
        userCmdlineName);
  }

  /**
   * Command line of a kiwi-style image whose hash tree lives inside the root partition after the
   * file system: the devices and the hash offset are named explicitly.
   *
   * @param treeCmdline content of the tree's kernel/cmdline file, or null
   * @param treeCmdlineName where it came from, for messages
   * @param rootPartUuid PARTUUID of the root partition (data and hash device)
   * @param hashOffset byte offset of the verity superblock inside that partition
   * @param rootHashHex the root hash in lower-case hex
   * @param userCmdline the description's {@code kernelcmdline}, or null
   * @param userCmdlineName where it came from, for messages
   * @return the command line
   * @throws InvalidInputException when a {@code root=} would override {@code roothash=}
   */
  public static KernelCommandLine forEmbeddedVerity(
      @Nullable String treeCmdline,
      @Nullable String treeCmdlineName,
      UUID rootPartUuid,
      long hashOffset,
      String rootHashHex,
      @Nullable String userCmdline,
      @Nullable String userCmdlineName)
      throws InvalidInputException {
    return compose(
        treeCmdline,
        treeCmdlineName,
        List.of(
            "systemd.verity_root_data=PARTUUID=" + rootPartUuid,
            "systemd.verity_root_hash=PARTUUID=" + rootPartUuid,
            "systemd.verity_root_options=hash-offset=" + hashOffset,
            "roothash=" + rootHashHex),
        userCmdline,
        userCmdlineName);
  }

  /**
   * Adds what kiwi's {@code kiwi-overlay} dracut module reads to assemble an overlay root, right
   * after {@code roothash=}: {@code root=overlay:MAPPER=root} (the verity device
   * systemd-veritysetup-generator opens for {@code roothash=}) and, with a write partition, {@code
   * rd.root.overlay.write=/dev/disk/by-partuuid/<PARTUUID>} — unless the command line already names
   * the write device, which kiwi leaves as it is.
   *
   * @param writePartition the write partition's PARTUUID, or empty when there is none
   * @return the command line for an overlay root
   */
  public KernelCommandLine withOverlayRoot(Optional<UUID> writePartition) {
    boolean named = OverlayRootSpec.namesWriteDevice(toString());
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(w);
      if (w.startsWith("roothash=")) {
        out.add("root=overlay:MAPPER=" + OverlayRootSpec.VERITY_ROOT_MAPPER);
        if (writePartition.isPresent() && !named) {
          out.add(
              OverlayRootSpec.WRITE_DEVICE_PARAMETER
                  + "=/dev/disk/by-partuuid/"
                  + writePartition.get());
        }
      }
    }
    return new KernelCommandLine(out);
  }

  private static KernelCommandLine compose(
      @Nullable String tree,
      @Nullable String treeName,
      List<String> verity,
      @Nullable String user,
      @Nullable String userName)
      throws InvalidInputException {
    List<String> all = new ArrayList<>();
    all.addAll(split(tree, treeName));
    all.addAll(verity);
    all.addAll(split(user, userName));
    return new KernelCommandLine(all);
  }

  /**
   * Splits a command line as the kernel does ({@link KernelParameter}) and refuses a parameter that
   * the kernel or systemd would read as {@code root=} or {@code roothash=}, however it is quoted.
   */
  private static List<String> split(@Nullable String text, @Nullable String source)
      throws InvalidInputException {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    if (!KernelParameter.quotesBalanced(text)) {
      throw new InvalidInputException(source + ": unbalanced '\"' in kernel command line: " + text);
    }
    for (KernelParameter p : KernelParameter.split(text)) {
      if (p.overridesVerityRoot()) {
        throw new InvalidInputException(
            source
                + ": '"
                + p.text()
                + "' is not allowed: mkddi adds roothash=, which implies root=/dev/mapper/root");
      }
      out.add(p.text());
    }
    return out;
  }

  /**
   * @return the command line as one line, words separated by single spaces, no newline
   */
  @Override
  public String toString() {
    return String.join(" ", words);
  }

  /**
   * @return the content of the {@code .cmdline} file: the line plus a final newline
   */
  public String fileContent() {
    return this + "\n";
  }
}
