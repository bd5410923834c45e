package dev.mkddi.description;

import java.util.Objects;
import java.util.Optional;

/**
 * The files of the Unified Kernel Image, as named in {@code <bootloader><uki …/>} (or the kiwi
 * #2801 shape {@code <dracut><uki><kernel name="…"/></uki></dracut>}). Anything empty is found in
 * the root tree by the build. Immutable.
 *
 * @param kernel the kernel image file
 * @param kernelVersion the kernel version selecting {@code /usr/lib/modules/<kver>/vmlinuz} (from
 *     {@code <kernel name="KVER"/>} without a "/")
 * @param initrd the initrd
 * @param stub the systemd-stub EFI binary
 * @param splash a splash image (BMP)
 * @param devicetree a device tree blob
 */
public record UkiSpec(
    Optional<FileRef> kernel,
    Optional<String> kernelVersion,
    Optional<FileRef> initrd,
    Optional<FileRef> stub,
    Optional<FileRef> splash,
    Optional<FileRef> devicetree) {

  /** Everything from the root tree. */
  public static final UkiSpec FROM_TREE =
      new UkiSpec(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException when both a kernel file and a kernel version are given
   */
  public UkiSpec {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(kernelVersion, "kernelVersion");
    Objects.requireNonNull(initrd, "initrd");
    Objects.requireNonNull(stub, "stub");
    Objects.requireNonNull(splash, "splash");
    Objects.requireNonNull(devicetree, "devicetree");
    if (kernel.isPresent() && kernelVersion.isPresent()) {
      throw new IllegalArgumentException("a kernel file and a kernel version");
    }
  }
}
