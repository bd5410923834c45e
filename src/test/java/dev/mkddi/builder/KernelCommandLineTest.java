package dev.mkddi.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.InvalidInputException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelCommandLineTest {
  private static final String RH =
      "a3b50c16cc3830559dd953cc0f5179d14d59c1fe7e0d48e6e8e84d71883d92ce";

  @Test
  void testForVerityPartition_mkosiOrder() throws Exception {
    KernelCommandLine c =
        KernelCommandLine.forVerityPartition(
            "quiet  splash\n", "/etc/kernel/cmdline", RH, "console=ttyS0 panic=30", "config.xml:9");
    assertEquals("quiet splash roothash=" + RH + " console=ttyS0 panic=30", c.toString());
    assertEquals(c + "\n", c.fileContent());
  }

  @Test
  void testWithOverlayRoot_kiwiOverlayParametersAfterRootHash() throws Exception {
    UUID write = UUID.fromString("3dab46f1-af88-4304-a11c-e44c68e8b008");
    KernelCommandLine c =
        KernelCommandLine.forVerityPartition("quiet", "t", RH, "console=ttyS0", "c.xml:2")
            .withOverlayRoot(Optional.of(write));
    assertEquals(
        "quiet roothash="
            + RH
            + " root=overlay:MAPPER=root rd.root.overlay.write=/dev/disk/by-partuuid/"
            + write
            + " console=ttyS0",
        c.toString());
    assertEquals(
        "roothash=" + RH + " root=overlay:MAPPER=root",
        KernelCommandLine.forVerityPartition(null, null, RH, null, null)
            .withOverlayRoot(Optional.empty())
            .toString());
  }

  @Test
  void testWithOverlayRoot_writeDeviceOfTheDescriptionKept() throws Exception {
    // kiwi leaves an rd.root.overlay.write= of kernelcmdline as it is
    KernelCommandLine c =
        KernelCommandLine.forVerityPartition(
                null, null, RH, "rd.root.overlay.write=/dev/vdb1", "c.xml:2")
            .withOverlayRoot(Optional.of(new UUID(1, 2)));
    assertEquals(
        "roothash=" + RH + " root=overlay:MAPPER=root rd.root.overlay.write=/dev/vdb1",
        c.toString());
  }

  @Test
  void testForVerityPartition_quotedValueKept() throws Exception {
    KernelCommandLine c =
        KernelCommandLine.forVerityPartition(null, null, RH, "a=\"x y\" b", "config.xml:3");
    assertEquals("roothash=" + RH + " a=\"x y\" b", c.toString());
  }

  @Test
  void testRootInUserCmdline_refused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                KernelCommandLine.forVerityPartition(
                    null, null, RH, "console=ttyS0 root=/dev/sda2", "config.xml:12"));
    assertEquals(
        "config.xml:12: 'root=/dev/sda2' is not allowed: mkddi adds roothash=, which implies"
            + " root=/dev/mapper/root",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"root=/dev/sda1\" quiet",
        "quiet root=\"/dev/sda1\"",
        "'root=/dev/sda1'",
        "ro\"ot\"=/dev/sda1",
        "\"roothash=00\"",
        "quiet\troot=/dev/sda1\n"
      })
  void testQuotedRootInTreeCmdline_refused(String tree) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                KernelCommandLine.forVerityPartition(
                    tree, "root tree /etc/kernel/cmdline", RH, null, null));
    assertTrue(e.getMessage().startsWith("root tree /etc/kernel/cmdline: '"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "' is not allowed: mkddi adds roothash=, which implies" + " root=/dev/mapper/root"),
        e.getMessage());
  }

  @Test
  void testUnbalancedQuote_refused() {
    assertThrows(
        InvalidInputException.class,
        () -> KernelCommandLine.forVerityPartition(null, null, RH, "a=\"x", "config.xml:1"));
  }

  @Test
  void testForEmbeddedVerity_namesDevicesAndOffset() throws Exception {
    UUID p = UUID.fromString("11111111-2222-4333-8444-555555555555");
    KernelCommandLine c =
        KernelCommandLine.forEmbeddedVerity(null, null, p, 4096000, RH, "quiet", "config.xml:2");
    assertEquals(
        "systemd.verity_root_data=PARTUUID="
            + p
            + " systemd.verity_root_hash=PARTUUID="
            + p
            + " systemd.verity_root_options=hash-offset=4096000 roothash="
            + RH
            + " quiet",
        c.toString());
  }
}
