package dev.mkddi.initrd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small cpio newc archives for the tests, as {@code cpio -o -H newc} does. Public for the
 * build tests, which need initrds that pass the initrd check.
 */
public final class CpioArchive {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int ino = 1;

  public CpioArchive dir(String name) {
    return entry(name, 040755, new byte[0]);
  }

  public CpioArchive file(String name, String content) {
    return entry(name, 0100644, content.getBytes(StandardCharsets.UTF_8));
  }

  public CpioArchive symlink(String name, String target) {
    return entry(name, 0120777, target.getBytes(StandardCharsets.UTF_8));
  }

  public CpioArchive entry(String name, int mode, byte[] data) {
    byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
    String header =
        String.format(
            "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
            ino++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, n.length, 0);
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(n);
    pad();
    out.writeBytes(data);
    pad();
    return this;
  }

  /**
   * @return an initrd that opens a verity EROFS root from {@code roothash=} as a dracut initrd with
   *     the systemd-veritysetup module does: the generator, its helper and the two modules
   */
  public static CpioArchive verityInitrd() {
    return new CpioArchive()
        .dir("usr")
        .file("usr/lib/systemd/system-generators/systemd-veritysetup-generator", "elf")
        .file("usr/lib/systemd/systemd-veritysetup", "elf")
        .file("usr/lib/modules/6.1.0-test/kernel/drivers/md/dm-verity.ko.xz", "ko")
        .file("usr/lib/modules/6.1.0-test/kernel/fs/erofs/erofs.ko.xz", "ko");
  }

  /**
   * @return this archive with what kiwi's kiwi-overlay dracut module adds for an overlay root: its
   *     generator and the overlay module
   */
  public CpioArchive withKiwiOverlay() {
    return file("usr/lib/systemd/system-generators/dracut-kiwi-generator", "#!/bin/bash")
        .file("usr/lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko.xz", "ko");
  }

  /** Ends the archive with the trailer and pads it to 512 bytes, as cpio does. */
  public byte[] finish() {
    entry("TRAILER!!!", 0, new byte[0]);
    while (out.size() % 512 != 0) {
      out.write(0);
    }
    return out.toByteArray();
  }

  /** The archive so far, without a trailer (broken). */
  public byte[] withoutTrailer() {
    return out.toByteArray();
  }

  private void pad() {
    while (out.size() % 4 != 0) {
      out.write(0);
    }
  }
}
