package dev.mkddi.uki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeMachineTest {
  @TempDir Path tmp;

  @Test
  void testOf_readsTheCoffMachine() throws Exception {
    Path f = Files.write(tmp.resolve("a.efi"), TestPe.stub().machine(PeMachine.ARM64).build());
    assertEquals(OptionalInt.of(0xAA64), PeMachine.of(f));
  }

  @Test
  void testOf_notPe() throws Exception {
    assertEquals(OptionalInt.empty(), PeMachine.of(Files.write(tmp.resolve("s"), new byte[10])));
    byte[] mzOnly = new byte[128];
    mzOnly[0] = 'M';
    mzOnly[1] = 'Z';
    mzOnly[0x3C] = 0x40;
    assertEquals(OptionalInt.empty(), PeMachine.of(Files.write(tmp.resolve("mz"), mzOnly)));
    mzOnly[0x3C] = (byte) 0xF0;
    assertEquals(OptionalInt.empty(), PeMachine.of(Files.write(tmp.resolve("far"), mzOnly)));
  }

  @Test
  void testDescribe() {
    assertEquals("0x8664 (x86-64)", PeMachine.describe(PeMachine.X86_64));
    assertEquals("0x1234 (unknown)", PeMachine.describe(0x1234));
  }
}
