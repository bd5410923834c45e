package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import dev.mkddi.swap.SwapHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MkfsSwapCommandTest {
  @TempDir Path tmp;

  @Test
  void testMkfsSwap_writesHeaderAndSize() throws IOException {
    Path out = tmp.resolve("swap.img");
    CliRun r =
        new CliRun(
            "mkfs",
            "swap",
            "--size",
            "8M",
            "--label",
            "swap",
            "--seed",
            "11111111-2222-3333-4444-555555555555",
            out);
    assertEquals(ExitCode.OK, r.code, r.err.toString());
    assertEquals(8 << 20, Files.size(out));
    byte[] page = new byte[4096];
    System.arraycopy(Files.readAllBytes(out), 0, page, 0, 4096);
    SwapHeader h = SwapHeader.decode(ByteBuffer.wrap(page), out.toString());
    assertEquals("swap", h.label());
    assertEquals(2047, h.lastPage());
  }

  @Test
  void testMkfsSwap_tooSmallOrWithoutSizeRefused() {
    Path out = tmp.resolve("swap.img");
    CliRun r = new CliRun("mkfs", "swap", out);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertTrue(r.err.toString().contains("--size"), r.err.toString());
    r = new CliRun("mkfs", "swap", "--size", "16K", out);
    assertEquals(ExitCode.INVALID_INPUT, r.code);
    assertEquals(
        "mkddi: a swap area of 4 pages: mkswap wants at least 10 and at most 2^32", r.errLine());
    assertFalse(Files.exists(out));
  }
}
