package dev.mkddi.builder;

import dev.mkddi.description.FileRef;
import dev.mkddi.description.PathGlob;
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
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Finds what a bootable image needs — kernel, initrd, systemd-stub, systemd-boot, os-release — in
 * the root tree or, when the description names them, on the host, and copies them into the work
 * directory so the UKI assembler and the FAT writer can stream them. Immutable, thread-safe.
 *
 * @param kernel the kernel image (an EFI-stub bzImage or PE)
 * @param kernelVersion {@code uname -r} of the kernel, or null when it cannot be known
 * @param initrd the initrd (a copy in the work directory, or the file the description names)
 * @param initrdName where the initrd came from, for messages ({@code
 *     /boot/initrd.img-6.1.0-13-amd64 (root tree)})
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
    String initrdName,
    Path stub,
    Path systemdBoot,
    byte[] osRelease,
    @Nullable Path splash,
    @Nullable Path devicetree,
    String efiArch) {

  private static final String MODULES = KernelDiscovery.MODULES;
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
    int machine = machine(arch);
    KernelDiscovery.Kernel found = kernel(tree, spec, arch);
    Path kernel = fetch(tree, kernelRef(found, spec), work, "vmlinuz");
    String kernelName =
        spec.kernel().isPresent() ? kernelRef(found, spec).toString() : found.path();
    checkMachine(kernel, "kernel " + kernelName, machine, arch);
    String kver = found.version() != null ? found.version() : bzImageVersion(kernel);
    if (found.version() == null && kver != null) {
      found = new KernelDiscovery.Kernel(found.path(), kver, KernelDiscovery.initrds(kver, null));
    }
    FileRef initrdRef;
    if (spec.initrd().isPresent()) {
      initrdRef = resolve(tree, spec.initrd().get(), "<uki initrd>");
    } else if (found.initrds().isEmpty()) {
      throw new InvalidInputException(
          "cannot tell the kernel version of "
              + kernelName
              + " (neither "
              + MODULES
              + "/<version>/vmlinuz, /boot/vmlinuz-<version> nor an x86 bzImage with a version"
              + " string); name the initrd with <uki initrd=\"…\">");
    } else {
      initrdRef = inTree(first(tree, found.initrds(), "initrd for kernel " + kver));
    }
    Path initrd = fetch(tree, initrdRef, work, "initrd");
    String stubName =
        spec.stub().map(FileRef::toString).orElse(SYSTEMD_EFI + "linux" + efiArch + ".efi.stub");
    Path stub =
        spec.stub().isPresent()
            ? fetch(tree, resolve(tree, spec.stub().get(), "<uki stub>"), work, "stub.efi")
            : copy(tree, stubName, work, "stub.efi");
    checkMachine(stub, "systemd-stub " + stubName, machine, arch);
    String bootName = SYSTEMD_EFI + "systemd-boot" + efiArch + ".efi";
    Path boot = copy(tree, bootName, work, "sd-boot.efi");
    checkMachine(boot, "systemd-boot " + bootName, machine, arch);
    byte[] osRelease =
        TreeFiles.read(
            tree.file(first(tree, List.of("/etc/os-release", "/usr/lib/os-release"), "os-release"))
                .orElseThrow());
    Path splash =
        spec.splash().isPresent()
            ? fetch(tree, resolve(tree, spec.splash().get(), "<uki splash>"), work, "splash")
            : null;
    Path dtb =
        spec.devicetree().isPresent()
            ? fetch(tree, resolve(tree, spec.devicetree().get(), "<uki devicetree>"), work, "dtb")
            : null;
    return new BootFiles(
        kernel, kver, initrd, initrdRef.toString(), stub, boot, osRelease, splash, dtb, efiArch);
  }

  /** The kernel the description names (a path, a pattern, a version) or the tree's only one. */
  private static KernelDiscovery.Kernel kernel(TreeFiles tree, UkiSpec spec, Architecture arch)
      throws IOException {
    if (spec.kernel().isPresent()) {
      FileRef ref = resolve(tree, spec.kernel().get(), "<uki kernel>");
      return ref.origin() == FileRef.Origin.ROOT_TREE
          ? KernelDiscovery.ofPath(tree, ref.path().toString())
          : new KernelDiscovery.Kernel(ref.path().toString(), null, List.of());
    }
    return spec.kernelVersion().isPresent()
        ? KernelDiscovery.ofVersion(tree, spec.kernelVersion().get())
        : KernelDiscovery.only(tree, arch);
  }

  private static FileRef kernelRef(KernelDiscovery.Kernel found, UkiSpec spec) {
    return spec.kernel().isPresent() && spec.kernel().get().origin() == FileRef.Origin.DESCRIPTION
        ? spec.kernel().get()
        : inTree(found.path());
  }

  private static FileRef inTree(String path) {
    return new FileRef(FileRef.Origin.ROOT_TREE, Path.of(path));
  }

  /** A root-tree pattern ({@code /boot/vmlinuz-*}) replaced by the one file it matches. */
  private static FileRef resolve(TreeFiles tree, FileRef ref, String what) throws IOException {
    String path = ref.path().toString();
    if (ref.origin() != FileRef.Origin.ROOT_TREE || !PathGlob.isPattern(path)) {
      return ref;
    }
    return inTree(KernelDiscovery.glob(tree, path, what));
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
      RegularFile f =
          tree.file(ref.path().toString())
              .orElseThrow(() -> new InvalidInputException("the root tree has no " + ref.path()));
      Path out = work.resolve(name);
      TreeFiles.copy(f, out);
      return out;
    }
    if (!Files.isRegularFile(ref.path())) {
      throw new InvalidInputException(ref.path() + ": no such file (named in the description)");
    }
    return ref.path();
  }

  private static Path copy(TreeFiles tree, String path, Path work, String name) throws IOException {
    return fetch(tree, inTree(first(tree, List.of(path), path)), work, name);
  }

  /**
   * @return the first of {@code candidates} that is a regular file of the tree
   */
  private static String first(TreeFiles tree, List<String> candidates, String what)
      throws InvalidInputException {
    for (String c : candidates) {
      if (tree.file(c).isPresent()) {
        return c;
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
