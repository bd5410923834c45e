package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mkddi.gpt.Architecture;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.tree.TreeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where distributions put the kernel and its initrd, and how the build finds them. */
class KernelDiscoveryTest {
  @TempDir Path dir;
  private final TreeLoader loader = new TreeLoader();

  @AfterEach
  void close() {
    loader.close();
  }

  private Path root() throws IOException {
    return Files.createDirectories(dir.resolve("root"));
  }

  private Path file(String path, String content) throws IOException {
    Path p = dir.resolve("root" + path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private void link(String path, String target) throws IOException {
    Path p = dir.resolve("root" + path);
    Files.createDirectories(p.getParent());
    Files.createSymbolicLink(p, Path.of(target));
  }

  private TreeFiles tree() throws IOException {
    Path spool = Files.createDirectories(dir.resolve("spool"));
    return new TreeFiles(
        loader.load(List.of(root()), new TreeOptions(false, spool), ProgressListener.NONE));
  }

  private static KernelDiscovery.Kernel only(TreeFiles tree) throws IOException {
    return KernelDiscovery.only(tree, Architecture.X86_64);
  }

  /** The first initrd name of the kernel that exists in the tree. */
  private static String initrd(TreeFiles tree, KernelDiscovery.Kernel k) {
    return k.initrds().stream().filter(p -> tree.file(p).isPresent()).findFirst().orElseThrow();
  }

  @Test
  void testOnly_debianKernelAndInitrdInBoot() throws Exception {
    String v = "6.1.0-13-amd64";
    file("/boot/vmlinuz-" + v, "kernel");
    file("/boot/initrd.img-" + v, "initrd");
    file("/boot/config-" + v, "config");
    file("/boot/System.map-" + v, "map");
    file("/usr/lib/modules/" + v + "/modules.builtin", "kernel/fs/ext4/ext4.ko\n");
    link("/vmlinuz", "boot/vmlinuz-" + v);
    link("/initrd.img", "boot/initrd.img-" + v);
    TreeFiles t = tree();
    KernelDiscovery.Kernel k = only(t);
    assertEquals("/boot/vmlinuz-" + v, k.path());
    assertEquals(v, k.version());
    assertEquals("/boot/initrd.img-" + v, initrd(t, k));
  }

  @Test
  void testOnly_fedoraKernelInModulesWithItsCopyInBootAndTheRescueKernel() throws Exception {
    String v = "6.5.6-300.fc39.x86_64";
    file("/usr/lib/modules/" + v + "/vmlinuz", "kernel");
    file("/boot/vmlinuz-" + v, "kernel"); // kernel-install's copy
    file("/boot/initramfs-" + v + ".img", "initrd");
    file("/boot/vmlinuz-0-rescue-0123456789abcdef", "kernel");
    file("/boot/initramfs-0-rescue-0123456789abcdef.img", "initrd");
    TreeFiles t = tree();
    KernelDiscovery.Kernel k = only(t);
    assertEquals("/usr/lib/modules/" + v + "/vmlinuz", k.path());
    assertEquals("/boot/initramfs-" + v + ".img", initrd(t, k));
  }

  @Test
  void testOnly_archKernelNamedByPkgbase() throws Exception {
    String v = "6.6.1-arch1-1";
    file("/usr/lib/modules/" + v + "/vmlinuz", "kernel");
    file("/usr/lib/modules/" + v + "/pkgbase", "linux\n");
    file("/boot/vmlinuz-linux", "kernel"); // mkinitcpio's copy
    file("/boot/initramfs-linux.img", "initrd");
    file("/boot/initramfs-linux-fallback.img", "initrd");
    TreeFiles t = tree();
    KernelDiscovery.Kernel k = only(t);
    assertEquals("/usr/lib/modules/" + v + "/vmlinuz", k.path());
    assertEquals(v, k.version());
    assertEquals("/boot/initramfs-linux.img", initrd(t, k));
  }

  @Test
  void testOnly_systemdLayoutWithInitrdBesideTheKernel() throws Exception {
    file("/usr/lib/modules/6.8.0/vmlinuz", "kernel");
    file("/usr/lib/modules/6.8.0/initrd", "initrd");
    TreeFiles t = tree();
    assertEquals("/usr/lib/modules/6.8.0/initrd", initrd(t, only(t)));
  }

  @Test
  void testOnly_symlinkedMergedUsrLib() throws Exception {
    file("/usr/lib/modules/6.8.0/vmlinuz", "kernel");
    link("/lib", "usr/lib");
    file("/boot/initrd.img-6.8.0", "initrd");
    TreeFiles t = tree();
    assertEquals("/boot/initrd.img-6.8.0", initrd(t, only(t)));
  }

  @Test
  void testOnly_twoDebianKernels_errorListsBoth() throws Exception {
    file("/boot/vmlinuz-6.1.0-12-amd64", "old");
    file("/boot/vmlinuz-6.1.0-13-amd64", "new");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> only(tree()));
    assertEquals(
        "several kernels in the root tree: /boot/vmlinuz-6.1.0-12-amd64 (6.1.0-12-amd64),"
            + " /boot/vmlinuz-6.1.0-13-amd64 (6.1.0-13-amd64); choose one with"
            + " <bootloader><uki kernel=\"PATH or GLOB\"/></bootloader> or"
            + " <uki><kernel name=\"KVER\"/></uki>",
        e.getMessage());
  }

  @Test
  void testOnly_kernelsInModulesAndBootThatDiffer_errorListsBoth() throws Exception {
    file("/usr/lib/modules/6.8.0/vmlinuz", "a");
    file("/boot/vmlinuz-6.1.0", "b");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> only(tree()));
    assertEquals(
        "several kernels in the root tree: /usr/lib/modules/6.8.0/vmlinuz (6.8.0),"
            + " /boot/vmlinuz-6.1.0 (6.1.0); choose one with"
            + " <bootloader><uki kernel=\"PATH or GLOB\"/></bootloader> or"
            + " <uki><kernel name=\"KVER\"/></uki>",
        e.getMessage());
  }

  @Test
  void testOnly_none_namesWhereItLooked() throws Exception {
    file("/etc/hostname", "x");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> only(tree()));
    assertEquals(
        "no kernel in the root tree (looked for /usr/lib/modules/*/vmlinuz, /boot/vmlinuz-*);"
            + " name one with <bootloader><uki kernel=\"…\"/></bootloader>",
        e.getMessage());
  }

  @Test
  void testOnly_arm64ImageTakesTheVersionOfTheOnlyModulesDirectory() throws Exception {
    file("/boot/Image", "kernel");
    file("/usr/lib/modules/6.1.0-arm64/modules.builtin", "");
    file("/boot/initrd.img-6.1.0-arm64", "initrd");
    TreeFiles t = tree();
    KernelDiscovery.Kernel k = KernelDiscovery.only(t, Architecture.ARM64);
    assertEquals("/boot/Image", k.path());
    assertEquals("6.1.0-arm64", k.version());
    assertEquals("/boot/initrd.img-6.1.0-arm64", initrd(t, k));
    assertThrows(InvalidInputException.class, () -> only(t), "x86-64 does not look at Image");
  }

  @Test
  void testOnly_arm64VmlinuzEfiWithUnversionedInitrd() throws Exception {
    file("/boot/vmlinuz.efi", "kernel");
    file("/boot/initramfs.img", "initrd");
    TreeFiles t = tree();
    KernelDiscovery.Kernel k = KernelDiscovery.only(t, Architecture.ARM64);
    assertEquals("/boot/vmlinuz.efi", k.path());
    assertEquals(null, k.version());
    assertEquals("/boot/initramfs.img", initrd(t, k));
  }

  @Test
  void testOnly_arm64ImageLinkedToTheModulesKernel_isOneKernel() throws Exception {
    file("/usr/lib/modules/6.1.0/vmlinuz", "kernel");
    link("/boot/Image", "../usr/lib/modules/6.1.0/vmlinuz");
    assertEquals(
        "/usr/lib/modules/6.1.0/vmlinuz", KernelDiscovery.only(tree(), Architecture.ARM64).path());
  }

  @Test
  void testOfVersion_choosesAmongDebianKernels() throws Exception {
    file("/boot/vmlinuz-6.1.0-12-amd64", "old");
    file("/boot/vmlinuz-6.1.0-13-amd64", "new");
    file("/boot/initrd.img-6.1.0-12-amd64", "old");
    TreeFiles t = tree();
    KernelDiscovery.Kernel k = KernelDiscovery.ofVersion(t, "6.1.0-12-amd64");
    assertEquals("/boot/vmlinuz-6.1.0-12-amd64", k.path());
    assertEquals("/boot/initrd.img-6.1.0-12-amd64", initrd(t, k));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> KernelDiscovery.ofVersion(t, "6.2"));
    assertEquals(
        "the root tree has no kernel 6.2 (looked for /usr/lib/modules/6.2/vmlinuz,"
            + " /boot/vmlinuz-6.2)",
        e.getMessage());
  }

  @Test
  void testGlob_mustMatchExactlyOneFile() throws Exception {
    file("/boot/vmlinuz-6.1.0-12-amd64", "old");
    file("/boot/vmlinuz-6.1.0-13-amd64", "new");
    Files.createDirectories(dir.resolve("root/boot/vmlinuz-dir"));
    TreeFiles t = tree();
    assertEquals(
        "/boot/vmlinuz-6.1.0-13-amd64",
        KernelDiscovery.glob(t, "/boot/vmlinuz-*-13-*", "<uki kernel>"));
    assertEquals(
        "/boot/vmlinuz-6.1.0-12-amd64",
        KernelDiscovery.glob(t, "/bo?t/vmlinuz-6.1.0-1[!3]-amd64", "<uki kernel>"));
    InvalidInputException two =
        assertThrows(
            InvalidInputException.class,
            () -> KernelDiscovery.glob(t, "/boot/vmlinuz-*", "<uki kernel>"));
    assertEquals(
        "<uki kernel>=\"/boot/vmlinuz-*\" matches 2 files in the root tree"
            + " (/boot/vmlinuz-6.1.0-12-amd64, /boot/vmlinuz-6.1.0-13-amd64); it must match"
            + " exactly one",
        two.getMessage());
    InvalidInputException none =
        assertThrows(
            InvalidInputException.class,
            () -> KernelDiscovery.glob(t, "/usr/lib/modules/*/vmlinuz", "<uki kernel>"));
    assertEquals(
        "<uki kernel>=\"/usr/lib/modules/*/vmlinuz\" matches no file in the root tree",
        none.getMessage());
  }

  @Test
  void testVersionOf_thePlacesThatTellIt() {
    assertEquals("6.1", KernelDiscovery.versionOf("/usr/lib/modules/6.1/vmlinuz"));
    assertEquals("6.1", KernelDiscovery.versionOf("/lib/modules/6.1/vmlinuz"));
    assertEquals("6.1.0-13-amd64", KernelDiscovery.versionOf("/boot/vmlinuz-6.1.0-13-amd64"));
    assertEquals(null, KernelDiscovery.versionOf("/boot/Image"));
    assertEquals(null, KernelDiscovery.versionOf("/usr/lib/modules/vmlinuz"));
  }
}
