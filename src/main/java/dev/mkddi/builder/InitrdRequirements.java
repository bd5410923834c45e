package dev.mkddi.builder;

import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.FileRef;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.initrd.InitrdCheck;
import dev.mkddi.initrd.InitrdContents;
import dev.mkddi.initrd.InitrdFinding;
import dev.mkddi.initrd.InitrdReader;
import dev.mkddi.initrd.RootFileSystem;
import dev.mkddi.initrd.RootVerity;
import dev.mkddi.initrd.UnsupportedCompressionException;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What the root of an image needs from its initrd, one rule for {@code build} and {@code describe}:
 * the command line mkddi composes opens a dm-verity root ({@code roothash=}, or kiwi's {@code
 * systemd.verity_root_*=} for the in-partition layout), so the initrd needs systemd's veritysetup
 * generator, the dm-verity module and the root file system's module (each module unless the kernel
 * has it built in). A missing piece is one line naming the initrd, what is missing and what to add.
 * Stateless.
 */
public final class InitrdRequirements {
  /** The option that turns the check off, named in every refusal. */
  public static final String OVERRIDE = "--no-initrd-check";

  private InitrdRequirements() {}

  /**
   * Reads an initrd.
   *
   * @param initrd the file
   * @param name how messages name it ({@code /boot/initrd.img-6.1.0-13-amd64 (root tree)})
   * @param listener warned when the initrd uses a compression mkddi cannot read
   * @return what it holds, or empty when it cannot be read (warned)
   * @throws InvalidInputException when it is malformed: the kernel could not unpack it either
   * @throws IOException when it cannot be read
   */
  static Optional<InitrdContents> read(Path initrd, String name, ProgressListener listener)
      throws IOException {
    try (InputStream in = Files.newInputStream(initrd);
        InitrdReader r = InitrdReader.of(name, new BufferedInputStream(in, 1 << 16))) {
      return Optional.of(InitrdContents.read(r));
    } catch (UnsupportedCompressionException e) {
      listener.warn(name + ": the initrd is not checked: " + e.getMessage());
      return Optional.empty();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "initrd " + e.getMessage() + " (" + OVERRIDE + " skips the initrd check)", e);
    }
  }

  /**
   * @param d the description
   * @param initrd what the initrd holds
   * @param kernelBuiltins the modules built into the kernel, from its {@code modules.builtin}
   * @param modulesKnown whether a missing module is a problem: false when neither the tree nor the
   *     initrd has the kernel's {@code modules.builtin}, so a module may well be built in
   * @param initrdName how to name the initrd
   * @return the line that refuses the initrd, or empty when it has what the root needs
   */
  public static Optional<String> problem(
      ImageDescription d,
      InitrdContents initrd,
      Set<String> kernelBuiltins,
      boolean modulesKnown,
      String initrdName) {
    RootVerity verity = rootVerity(d.disk());
    RootFileSystem fs = rootFileSystem(d.disk());
    Set<String> modules = Set.of(InitrdCheck.DM_VERITY, fs.module(), InitrdCheck.OVERLAY);
    boolean overlay = d.disk().overlay().isPresent();
    Optional<InitrdFinding> missing =
        InitrdCheck.check(initrd, kernelBuiltins, verity, fs, overlay).findings().stream()
            .filter(f -> !f.met())
            .filter(f -> modulesKnown || !modules.contains(f.requirement()))
            .findFirst();
    return missing.map(
        f ->
            "initrd "
                + initrdName
                + " cannot open this image's root ("
                + d.disk().root().type().kiwiName()
                + " on dm-verity, from "
                + (verity == RootVerity.ROOTHASH ? "roothash=" : "systemd.verity_root_*=")
                + (overlay ? ", under kiwi's overlay root" : "")
                + "): "
                + f.evidence()
                + ". To fix: "
                + f.remedy().orElse("add " + f.requirement())
                + "; or build with "
                + OVERRIDE);
  }

  /**
   * The check {@code describe} can make: of an initrd the description names on this machine ({@code
   * <uki initrd="…"/>} without a leading {@code /}); the kernel's built-in modules are known only
   * from the initrd's own {@code modules.builtin}.
   *
   * @param d the description
   * @return the refusal, or empty when the initrd is in the root tree, absent, unreadable or fine
   * @throws IOException when the initrd cannot be read
   */
  public static Optional<String> ofDescribedInitrd(ImageDescription d) throws IOException {
    Optional<FileRef> ref = d.disk().bootloader().flatMap(b -> b.uki().initrd());
    if (ref.isEmpty()
        || ref.get().origin() != FileRef.Origin.DESCRIPTION
        || !Files.isRegularFile(ref.get().path())) {
      return Optional.empty();
    }
    Optional<InitrdContents> c =
        read(ref.get().path(), ref.get().toString(), ProgressListener.NONE);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    return problem(d, c.get(), Set.of(), !c.get().builtinModules().isEmpty(), ref.get().toString());
  }

  private static RootVerity rootVerity(DiskSpec disk) {
    return disk.verity().layout() == VerityLayout.PARTITION
        ? RootVerity.ROOTHASH
        : RootVerity.KIWI_IN_PARTITION;
  }

  private static RootFileSystem rootFileSystem(DiskSpec disk) {
    return switch (disk.root().type()) {
      case SQUASHFS -> RootFileSystem.SQUASHFS;
      case EXT4 -> RootFileSystem.EXT4;
      default -> RootFileSystem.EROFS;
    };
  }
}
