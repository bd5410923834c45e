package dev.mkddi.builder;

import dev.mkddi.description.FileRef;
import dev.mkddi.description.UkiSpec;
import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.tree.RegularFile;
import dev.mkddi.uki.PeMachine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Finds what a bootable image needs — kernel, initrd, systemd-stub, systemd-boot, os-release — in
 * the root tree or, when the description names them, on the host, and copies them into the work
 * directory so the UKI assembler and the FAT writer can stream them. Immutable, thread-safe.
 *
 * @param kernel the kernel image (an EFI-stub bzImage or PE)
 * @param kernelVersion {@code uname -r} of the kernel, or null when it cannot be known
 * @param initrd the initrd
 * @param stub the systemd-stub PE
 * @param systemdBoot the systemd-boot EFI binary
 * @param osRelease the os-release text
 * @param splash a BMP splash image, or null
 * @param devicetree a device tree blob, or null
 * @param efiArch the EFI architecture suffix ({@code x64}, {@code aa64}, …)
 */
record BootFiles(
    Path kernel,
    @Nullable String kernelVersion,
    Path initrd,
    Path stub,
    Path systemdBoot,
    byte[] osRelease,
    @Nullable Path splash,
    @Nullable Path devicetree,
    String efiArch) {

  private static final String MODULES = "/usr/lib/modules";
  private static final String SYSTEMD_EFI = "/usr/lib/systemd/boot/efi/";

  /** Offset of the pointer to the kernel version string in a bzImage (boot protocol 2.00+). */
  private static final int BZIMAGE_VERSION_POINTER = 0x20E;

  private static final int SETUP_HEADER_OFFSET = 0x200;

  /**
   * Locates and copies the boot files.
   *
   * @param tree the root tree
   * @param spec where the description says the files are (empty fields: search the tree)
   * @param arch the target architecture
   * @param work the work directory to copy them into
   * @return the files
   * @throws InvalidInputException when a file cannot be found, naming where it was looked for
   * @throws IOException when copying fails
   */
  static BootFiles find(TreeFiles tree, UkiSpec spec, Architecture arch, Path work)
      throws IOException {
    String efiArch = efiArch(arch);
    String kver = spec.kernelVersion().orElse(null);
    Path kernel;
    String kernelName;
    if (spec.kernel().isPresent()) {
      kernelName = spec.kernel().get().toString();
      kernel = fetch(tree, spec.kernel().get(), work, "vmlinuz");
      if (spec.kernel().get().origin() == FileRef.Origin.ROOT_TREE) {
        kver = versionFromModulesPath(spec.kernel().get().path().toString());
      }
    } else {
      if (kver == null) {
        kver = onlyKernelVersion(tree);
      }
      kernelName = MODULES + "/" + kver + "/vmlinuz";
      kernel = copy(tree, kernelName, work, "vmlinuz");
    }
    int machine = machine(arch);
    checkMachine(kernel, "kernel " + kernelName, machine, arch);
    if (kver == null) {
      kver = bzImageVersion(kernel);
    }
    if (kver == null && spec.initrd().isEmpty()) {
      throw new InvalidInputException(
          "cannot tell the kernel version of "
              + spec.kernel().map(FileRef::path).map(Path::toString).orElse("the kernel")
              + " (neither "
              + MODULES
              + "/<version>/vmlinuz nor an x86 bzImage with a version string); name the initrd"
              + " with <uki initrd=\"…\">");
    }
    Path initrd =
        spec.initrd().isPresent()
            ? fetch(tree, spec.initrd().get(), work, "initrd")
            : copyFirst(tree, initrdCandidates(kver), work, "initrd", "initrd for kernel " + kver);
    String stubName =
        spec.stub().map(FileRef::toString).orElse(SYSTEMD_EFI + "linux" + efiArch + ".efi.stub");
    Path stub =
        spec.stub().isPresent()
            ? fetch(tree, spec.stub().get(), work, "stub.efi")
            : copy(tree, stubName, work, "stub.efi");
    checkMachine(stub, "systemd-stub " + stubName, machine, arch);
    String bootName = SYSTEMD_EFI + "systemd-boot" + efiArch + ".efi";
    Path boot = copy(tree, bootName, work, "sd-boot.efi");
    checkMachine(boot, "systemd-boot " + bootName, machine, arch);
    byte[] osRelease =
        TreeFiles.read(
            first(tree, List.of("/etc/os-release", "/usr/lib/os-release"), "os-release"));
    Path splash =
        spec.splash().isPresent() ? fetch(tree, spec.splash().get(), work, "splash") : null;
    Path dtb =
        spec.devicetree().isPresent() ? fetch(tree, spec.devicetree().get(), work, "dtb") : null;
    return new BootFiles(kernel, kver, initrd, stub, boot, osRelease, splash, dtb, efiArch);
  }

  /**
   * @return the removable-media boot path of this architecture, e.g. {@code EFI/BOOT/BOOTX64.EFI}
   */
  String fallbackBootPath() {
    return "EFI/BOOT/BOOT" + efiArch.toUpperCase(Locale.ROOT) + ".EFI";
  }

  /**
   * @return where systemd-boot installs itself, e.g. {@code EFI/systemd/systemd-bootx64.efi}
   */
  String systemdBootPath() {
    return "EFI/systemd/systemd-boot" + efiArch + ".efi";
  }

  private static String efiArch(Architecture arch) throws InvalidInputException {
    return switch (arch) {
      case X86_64 -> "x64";
      case X86 -> "ia32";
      case ARM64 -> "aa64";
      case ARM -> "arm";
      case RISCV64 -> "riscv64";
      case LOONGARCH64 -> "loongarch64";
      default ->
          throw new InvalidInputException("no UEFI boot for architecture " + arch.canonicalName());
    };
  }

  private static int machine(Architecture arch) {
    return switch (arch) {
      case X86_64 -> PeMachine.X86_64;
      case X86 -> PeMachine.IA32;
      case ARM64 -> PeMachine.ARM64;
      case ARM -> PeMachine.ARM;
      case RISCV64 -> PeMachine.RISCV64;
      case LOONGARCH64 -> PeMachine.LOONGARCH64;
      default -> throw new IllegalStateException("checked by efiArch: " + arch);
    };
  }

  /** Refuses a file that is not a PE/EFI image or is one for another architecture. */
  private static void checkMachine(Path file, String what, int expected, Architecture arch)
      throws IOException {
    OptionalInt found = PeMachine.of(file);
    if (found.isEmpty()) {
      throw new InvalidInputException(
          what + " is not a PE/EFI image (no MZ header with a PE signature)");
    }
    if (found.getAsInt() != expected) {
      throw new InvalidInputException(
          what
              + " is for PE machine "
              + PeMachine.describe(found.getAsInt())
              + ", expected "
              + PeMachine.describe(expected)
              + " for architecture "
              + arch.canonicalName());
    }
  }

  private static String onlyKernelVersion(TreeFiles tree) throws InvalidInputException {
    List<String> kernels = new ArrayList<>();
    for (String v : tree.list(MODULES)) {
      if (tree.file(MODULES + "/" + v + "/vmlinuz").isPresent()) {
        kernels.add(v);
      }
    }
    if (kernels.size() == 1) {
      return kernels.get(0);
    }
    throw new InvalidInputException(
        kernels.isEmpty()
            ? "no kernel in the root tree (looked for "
                + MODULES
                + "/*/vmlinuz); name one with"
                + " <bootloader><uki kernel=\"…\"/></bootloader>"
            : "several kernels in the root tree ("
                + String.join(", ", kernels)
                + "); choose one with <bootloader><uki kernel=\"…\"/></bootloader>");
  }

  private static List<String> initrdCandidates(@Nullable String kver) {
    return List.of(
        MODULES + "/" + kver + "/initrd",
        MODULES + "/" + kver + "/initramfs.img",
        "/boot/initrd.img-" + kver,
        "/boot/initramfs-" + kver + ".img",
        "/boot/initrd-" + kver);
  }

  private static @Nullable String versionFromModulesPath(String path) {
    String prefix = MODULES + "/";
    if (path.startsWith(prefix) && path.endsWith("/vmlinuz")) {
      return path.substring(prefix.length(), path.length() - "/vmlinuz".length());
    }
    return null;
  }

  /** Reads the version string an x86 bzImage carries (ukify does the same); null if none. */
  private static @Nullable String bzImageVersion(Path kernel) throws IOException {
    byte[] head = new byte[64 * 1024];
    int n;
    try (var in = Files.newInputStream(kernel)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n < BZIMAGE_VERSION_POINTER + 2) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(head, 0, n).order(ByteOrder.LITTLE_ENDIAN);
    int at = Short.toUnsignedInt(b.getShort(BZIMAGE_VERSION_POINTER)) + SETUP_HEADER_OFFSET;
    if (at <= SETUP_HEADER_OFFSET || at >= n) {
      return null;
    }
    int end = at;
    while (end < n && head[end] != 0 && head[end] != ' ') {
      end++;
    }
    String v = new String(head, at, end - at, StandardCharsets.US_ASCII);
    return v.matches("[0-9][0-9A-Za-z._+~-]*") ? v : null;
  }

  private static Path fetch(TreeFiles tree, FileRef ref, Path work, String name)
      throws IOException {
    if (ref.origin() == FileRef.Origin.ROOT_TREE) {
      return copy(tree, ref.path().toString(), work, name);
    }
    if (!Files.isRegularFile(ref.path())) {
      throw new InvalidInputException(ref.path() + ": no such file (named in the description)");
    }
    return ref.path();
  }

  private static Path copy(TreeFiles tree, String path, Path work, String name) throws IOException {
    return copyFirst(tree, List.of(path), work, name, path);
  }

  private static Path copyFirst(
      TreeFiles tree, List<String> candidates, Path work, String name, String what)
      throws IOException {
    RegularFile f = first(tree, candidates, what);
    Path out = work.resolve(name);
    TreeFiles.copy(f, out);
    return out;
  }

  private static RegularFile first(TreeFiles tree, List<String> candidates, String what)
      throws InvalidInputException {
    for (String c : candidates) {
      Optional<RegularFile> f = tree.file(c);
      if (f.isPresent()) {
        return f.get();
      }
    }
    throw new InvalidInputException(
        candidates.size() == 1 && candidates.get(0).equals(what)
            ? "the root tree has no " + what
            : "the root tree has no "
                + what
                + " (looked for "
                + String.join(", ", candidates)
                + ")");
  }
}
