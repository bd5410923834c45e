package dev.mkddi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.io.ExitCode;
import dev.mkddi.swap.SwapHeader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MkfsSwapCommandTest {
  @TempDir Path tmp;

  private static int run(StringWriter err, String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void testMkfsSwap_writesHeaderAndSize() throws IOException {
    Path out = tmp.resolve("swap.img");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "mkfs",
            "swap",
            "--size",
            "8M",
            "--label",
            "swap",
            "--seed",
            "11111111-2222-3333-4444-555555555555",
            out.toString());
    assertEquals(ExitCode.OK, code, err.toString());
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
    StringWriter err = new StringWriter();
    assertEquals(ExitCode.INVALID_INPUT, run(err, "mkfs", "swap", out.toString()));
    assertTrue(err.toString().contains("--size"), err.toString());
    err = new StringWriter();
    assertEquals(ExitCode.INVALID_INPUT, run(err, "mkfs", "swap", "--size", "16K", out.toString()));
    assertTrue(err.toString().contains("a swap area of 4 pages"), err.toString());
    assertFalse(Files.exists(out));
  }
}
