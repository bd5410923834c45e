package dev.mkddi.builder;

import dev.mkddi.description.PathGlob;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.RegularFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the kernel of a root tree where distributions install it, and the names its initrd may
 * have:
 *
 * <ul>
 *   <li>{@code /usr/lib/modules/KVER/vmlinuz} (Fedora, Arch, openSUSE, systemd's kernel-install
 *       layout), initrd {@code initrd} beside it;
 *   <li>{@code /boot/vmlinuz-KVER} (Debian, Ubuntu; Fedora's copy), initrd {@code
 *       /boot/initrd.img-KVER} (initramfs-tools, Debian's dracut) or {@code
 *       /boot/initramfs-KVER.img} (Fedora's dracut);
 *   <li>Arch's {@code /boot/vmlinuz-PKGBASE} and {@code /boot/initramfs-PKGBASE.img}, named after
 *       {@code /usr/lib/modules/KVER/pkgbase};
 *   <li>for arm64 and riscv64, {@code /boot/Image} and {@code /boot/vmlinuz.efi}, whose version is
 *       that of the only {@code /usr/lib/modules} directory.
 * </ul>
 *
 * A kernel found at several of these places (a copy in {@code /boot}, a symbolic link) is one
 * kernel; two different kernels are an error that lists them. Stateless.
 */
final class KernelDiscovery {
  static final String MODULES = "/usr/lib/modules";
  private static final String BOOT = "/boot";
  private static final String VMLINUZ = "vmlinuz";
  private static final String BOOT_VMLINUZ = BOOT + "/" + VMLINUZ + "-";

  /** Fedora's rescue kernel ({@code dracut-config-rescue}): a copy, never the one to boot. */
  private static final String RESCUE = "0-rescue-";

  /** Arch's kernel package name, beside the modules. */
  private static final String PKGBASE = "pkgbase";

  private static final int PKGBASE_MAX = 256;

  private static final List<String> UNVERSIONED = List.of(BOOT + "/Image", BOOT + "/vmlinuz.efi");

  /**
   * A kernel of the tree.
   *
   * @param path where it was found (the preferred of its places)
   * @param version its {@code uname -r}, or null when the tree does not tell it
   * @param initrds the initrd paths to try, in order
   */
  record Kernel(String path, @Nullable String version, List<String> initrds) {
    Kernel {
      initrds = List.copyOf(initrds);
    }
  }

  private KernelDiscovery() {}

  /**
   * The one kernel of the tree.
   *
   * @param tree the root tree
   * @param arch the target architecture (arm64 and riscv64 also look at {@code /boot/Image})
   * @return the kernel
   * @throws InvalidInputException when the tree has none or several, naming them
   * @throws IOException when a file of the tree cannot be read
   */
  static Kernel only(TreeFiles tree, Architecture arch) throws IOException {
    List<Kernel> all = all(tree, arch);
    if (all.size() == 1) {
      return all.get(0);
    }
    String choose =
        "; choose one with <bootloader><uki kernel=\"PATH or GLOB\"/></bootloader> or"
            + " <uki><kernel name=\"KVER\"/></uki>";
    if (all.isEmpty()) {
      List<String> looked = new ArrayList<>(List.of(MODULES + "/*/vmlinuz", BOOT_VMLINUZ + "*"));
      if (unversionedNames(arch)) {
        looked.addAll(UNVERSIONED);
      }
      throw new InvalidInputException(
          "no kernel in the root tree (looked for "
              + String.join(", ", looked)
              + "); name one with <bootloader><uki kernel=\"…\"/></bootloader>");
    }
    throw new InvalidInputException(
        "several kernels in the root tree: "
            + String.join(", ", all.stream().map(KernelDiscovery::describe).toList())
            + choose);
  }

  /**
   * @param tree the root tree
   * @param version a kernel version, from {@code <kernel name="KVER"/>}
   * @return the kernel of that version
   * @throws InvalidInputException when the tree has no kernel of that version
   * @throws IOException when a file of the tree cannot be read
   */
  static Kernel ofVersion(TreeFiles tree, String version) throws IOException {
    for (String path : List.of(MODULES + "/" + version + "/" + VMLINUZ, BOOT_VMLINUZ + version)) {
      if (tree.file(path).isPresent()) {
        return new Kernel(path, version, initrds(version, pkgbase(tree, version)));
      }
    }
    throw new InvalidInputException(
        "the root tree has no kernel "
            + version
            + " (looked for "
            + MODULES
            + "/"
            + version
            + "/vmlinuz, "
            + BOOT_VMLINUZ
            + version
            + ")");
  }

  /**
   * @param tree the root tree
   * @param path the kernel's path in the tree, as the description names it
   * @return the kernel with the version its place tells, if any
   * @throws IOException when a file of the tree cannot be read
   */
  static Kernel ofPath(TreeFiles tree, String path) throws IOException {
    String version = versionOf(path);
    if (version != null) {
      return new Kernel(path, version, initrds(version, pkgbase(tree, version)));
    }
    return unversioned(tree, path);
  }

  /**
   * A kernel whose name tells no version ({@code /boot/Image}): the version is that of the only
   * {@code /usr/lib/modules} directory, if there is just one.
   */
  private static Kernel unversioned(TreeFiles tree, String path) {
    List<String> versions = tree.list(MODULES);
    String v = versions.size() == 1 ? versions.get(0) : null;
    List<String> initrds = new ArrayList<>(initrds(v, null));
    initrds.addAll(List.of(BOOT + "/initrd.img", BOOT + "/initramfs.img"));
    return new Kernel(path, v, initrds);
  }

  /**
   * Resolves a pattern of the description against the tree.
   *
   * @param tree the root tree
   * @param pattern a path with wildcards, e.g. {@code /boot/vmlinuz-*}
   * @param what what the file is, for messages ({@code <uki kernel>})
   * @return the one regular file it matches
   * @throws InvalidInputException when it matches none or several
   * @throws IOException when the tree cannot be listed
   */
  static String glob(TreeFiles tree, String pattern, String what) throws IOException {
    List<String> files = new ArrayList<>();
    for (String p : new PathGlob(pattern).expand(tree::list)) {
      if (tree.file(p).isPresent()) {
        files.add(p);
      }
    }
    if (files.size() == 1) {
      return files.get(0);
    }
    throw new InvalidInputException(
        what
            + "=\""
            + pattern
            + "\" "
            + (files.isEmpty()
                ? "matches no file in the root tree"
                : "matches "
                    + files.size()
                    + " files in the root tree ("
                    + String.join(", ", files)
                    + "); it must match exactly one"));
  }

  /** Every kernel of the tree, one entry per distinct kernel, in the order of the places above. */
  static List<Kernel> all(TreeFiles tree, Architecture arch) throws IOException {
    Map<String, Kernel> byVersion = new LinkedHashMap<>();
    Map<String, String> pkgbases = new LinkedHashMap<>();
    List<RegularFile> seen = new ArrayList<>();
    for (String v : tree.list(MODULES)) {
      Optional<RegularFile> f = tree.file(MODULES + "/" + v + "/" + VMLINUZ);
      if (f.isPresent() && !v.startsWith(RESCUE)) {
        String base = pkgbase(tree, v);
        if (base != null) {
          pkgbases.put(base, v);
        }
        byVersion.put(v, new Kernel(MODULES + "/" + v + "/" + VMLINUZ, v, initrds(v, base)));
        seen.add(f.get());
      }
    }
    for (String name : tree.list(BOOT)) {
      if (!name.startsWith(VMLINUZ + "-")) {
        continue;
      }
      String v = name.substring(VMLINUZ.length() + 1);
      Optional<RegularFile> f = tree.file(BOOT + "/" + name);
      if (f.isEmpty() || v.startsWith(RESCUE) || pkgbases.containsKey(v) || sameAs(f, seen)) {
        continue;
      }
      if (!byVersion.containsKey(v)) {
        byVersion.put(v, new Kernel(BOOT + "/" + name, v, initrds(v, null)));
        seen.add(f.get());
      }
    }
    List<Kernel> out = new ArrayList<>(byVersion.values());
    if (unversionedNames(arch)) {
      for (String path : UNVERSIONED) {
        Optional<RegularFile> f = tree.file(path);
        if (f.isPresent() && !sameAs(f, seen)) {
          out.add(unversioned(tree, path));
          seen.add(f.get());
        }
      }
    }
    return out;
  }

  /**
   * The version a kernel's place tells: {@code /usr/lib/modules/KVER/vmlinuz}, {@code
   * vmlinuz-KVER}.
   */
  static @Nullable String versionOf(String path) {
    for (String prefix : List.of(MODULES + "/", "/lib/modules/")) {
      String suffix = "/" + VMLINUZ;
      if (path.startsWith(prefix)
          && path.endsWith(suffix)
          && path.length() > prefix.length() + suffix.length()) {
        String v = path.substring(prefix.length(), path.length() - suffix.length());
        return v.contains("/") ? null : v;
      }
    }
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    if (name.startsWith(VMLINUZ + "-") && name.length() > VMLINUZ.length() + 1) {
      return name.substring(VMLINUZ.length() + 1);
    }
    return null;
  }

  /** The initrd names of a kernel of this version (and Arch package name), in order. */
  static List<String> initrds(@Nullable String version, @Nullable String pkgbase) {
    List<String> out = new ArrayList<>();
    if (version != null) {
      out.addAll(
          List.of(
              MODULES + "/" + version + "/initrd",
              MODULES + "/" + version + "/initramfs.img",
              BOOT + "/initrd.img-" + version,
              BOOT + "/initramfs-" + version + ".img",
              BOOT + "/initrd-" + version));
    }
    if (pkgbase != null) {
      out.add(BOOT + "/initramfs-" + pkgbase + ".img");
    }
    return out;
  }

  /** Arch's {@code /usr/lib/modules/KVER/pkgbase}: the package name in {@code /boot}'s names. */
  private static @Nullable String pkgbase(TreeFiles tree, @Nullable String version)
      throws IOException {
    if (version == null) {
      return null;
    }
    Optional<RegularFile> f = tree.file(MODULES + "/" + version + "/" + PKGBASE);
    if (f.isEmpty() || f.get().content().size() > PKGBASE_MAX) {
      return null;
    }
    String name = new String(TreeFiles.read(f.get()), StandardCharsets.UTF_8).strip();
    return name.isEmpty() || name.contains("/") ? null : name;
  }

  private static boolean unversionedNames(Architecture arch) {
    return arch == Architecture.ARM64 || arch == Architecture.RISCV64;
  }

  /** The same file: one inode reached by a symbolic link, or a hard link. */
  private static boolean sameAs(Optional<RegularFile> f, List<RegularFile> seen) {
    return f.isPresent() && seen.stream().anyMatch(s -> s.content().equals(f.get().content()));
  }

  private static String describe(Kernel k) {
    return k.path() + (k.version() == null ? "" : " (" + k.version() + ")");
  }
}
