package dev.mkddi.initrd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Can this initrd open the root the kernel command line describes? For a verity root it needs
 * systemd with systemd-veritysetup-generator (or kiwi's verity module for kiwi's layout) and the
 * dm-verity module, or a kernel with dm-verity built in; for any root the file system's module
 * unless the kernel has it built in. Stateless; thread-safe.
 */
public final class InitrdCheck {
  private static final List<String> GENERATOR =
      List.of(
          "usr/lib/systemd/system-generators/systemd-veritysetup-generator",
          "lib/systemd/system-generators/systemd-veritysetup-generator");
  private static final List<String> VERITYSETUP =
      List.of("usr/lib/systemd/systemd-veritysetup", "lib/systemd/systemd-veritysetup");
  private static final List<String> KIWI_VERITY =
      List.of("usr/bin/kiwi-parse-verity", "bin/kiwi-parse-verity", "usr/sbin/kiwi-parse-verity");

  /** kiwi's kiwi-overlay dracut module installs its generator as dracut-kiwi-generator. */
  private static final List<String> KIWI_OVERLAY =
      List.of(
          "usr/lib/systemd/system-generators/dracut-kiwi-generator",
          "lib/systemd/system-generators/dracut-kiwi-generator");

  /** The requirement (and module name) of overlayfs. */
  public static final String OVERLAY = "overlay";

  /** Files only initramfs-tools initrds have: its init scripts. */
  private static final List<String> INITRAMFS_TOOLS =
      List.of("scripts/init-top", "conf/initramfs.conf");

  /** The requirement (and module name) of dm-verity. */
  public static final String DM_VERITY = "dm-verity";

  private InitrdCheck() {}

  /**
   * Checks an initrd against what the root needs.
   *
   * @param initrd what the initrd holds
   * @param kernelBuiltins the modules built into the kernel (the root tree's {@code
   *     /usr/lib/modules/KVER/modules.builtin}, through {@link InitrdContents#builtinModules}); may
   *     be empty when unknown
   * @param verity how the command line opens the verity root
   * @param fileSystem the root's file system
   * @return a finding per requirement
   */
  public static InitrdFindings check(
      InitrdContents initrd,
      Set<String> kernelBuiltins,
      RootVerity verity,
      RootFileSystem fileSystem) {
    return check(initrd, kernelBuiltins, verity, fileSystem, false);
  }

  /**
   * Checks an initrd against what the root needs, for kiwi's overlay root too: then the initrd also
   * needs kiwi's {@code kiwi-overlay} dracut module (its generator) and the overlay module.
   *
   * @param initrd what the initrd holds
   * @param kernelBuiltins the modules built into the kernel; may be empty when unknown
   * @param verity how the command line opens the verity root
   * @param fileSystem the root's file system
   * @param kiwiOverlay whether the root is kiwi's overlay root ({@code root=overlay:…})
   * @return a finding per requirement
   */
  public static InitrdFindings check(
      InitrdContents initrd,
      Set<String> kernelBuiltins,
      RootVerity verity,
      RootFileSystem fileSystem,
      boolean kiwiOverlay) {
    List<InitrdFinding> findings = new ArrayList<>();
    if (kiwiOverlay) {
      Optional<String> generator = initrd.first(KIWI_OVERLAY);
      findings.add(
          generator.isPresent()
              ? new InitrdFinding("kiwi-overlay", true, "/" + generator.get(), Optional.empty())
              : new InitrdFinding(
                  "kiwi-overlay",
                  false,
                  "no /" + KIWI_OVERLAY.get(0) + " (kiwi's kiwi-overlay dracut module)",
                  Optional.of(
                      "add_dracutmodules+=\" kiwi-overlay \" (dracut, with kiwi's"
                          + " dracut-kiwi-overlay package)")));
      findings.add(module(initrd, kernelBuiltins, OVERLAY));
    }
    if (verity != RootVerity.NONE) {
      findings.add(veritySetup(initrd, verity));
      findings.add(module(initrd, kernelBuiltins, DM_VERITY));
    }
    findings.add(module(initrd, kernelBuiltins, fileSystem.module()));
    return new InitrdFindings(findings);
  }

  private static InitrdFinding veritySetup(InitrdContents initrd, RootVerity verity) {
    Optional<String> generator = initrd.first(GENERATOR);
    Optional<String> veritysetup = initrd.first(VERITYSETUP);
    String requirement = "systemd-veritysetup-generator";
    if (generator.isPresent() && veritysetup.isPresent()) {
      return new InitrdFinding(
          requirement, true, "/" + generator.get() + ", /" + veritysetup.get(), Optional.empty());
    }
    if (verity == RootVerity.KIWI_IN_PARTITION) {
      Optional<String> kiwi = initrd.first(KIWI_VERITY);
      if (kiwi.isPresent()) {
        return new InitrdFinding("kiwi's verity module", true, "/" + kiwi.get(), Optional.empty());
      }
    }
    String missing =
        generator.isEmpty()
            ? "no /" + GENERATOR.get(0)
            : "no /" + VERITYSETUP.get(0) + " (the generator's helper)";
    String dracut = "add_dracutmodules+=\" systemd-veritysetup \" (dracut)";
    String remedy =
        initrd.first(INITRAMFS_TOOLS).isPresent()
            ? "an initramfs-tools initrd cannot open a verity root from roothash= (it has no"
                + " systemd): make the initrd with dracut and "
                + dracut
            : dracut;
    return new InitrdFinding(requirement, false, missing, Optional.of(remedy));
  }

  private static InitrdFinding module(
      InitrdContents initrd, Set<String> kernelBuiltins, String name) {
    String canonical = InitrdContents.canonical(name);
    if (initrd.modules().contains(canonical)) {
      return new InitrdFinding(name, true, "module " + name + " in the initrd", Optional.empty());
    }
    if (kernelBuiltins.contains(canonical) || initrd.builtinModules().contains(canonical)) {
      return new InitrdFinding(name, true, "built into the kernel", Optional.empty());
    }
    return new InitrdFinding(
        name,
        false,
        "neither a module " + name + " in the initrd nor built into the kernel (modules.builtin)",
        Optional.of("add_drivers+=\" " + name + " \" (dracut)"));
  }
}
