package dev.mkddi.uki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelParameterTest {
  /** Renders each parameter as {@code text|name|value}, value {@code <none>} when absent. */
  private static List<String> split(String cmdline) {
    return KernelParameter.split(cmdline).stream()
        .map(p -> p.text() + "|" + p.name() + "|" + (p.value() == null ? "<none>" : p.value()))
        .toList();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        // the kernel's next_arg: a leading quote opens quoting and is dropped with the last one
        "`\"root=/dev/sda1\"`#`\"root=/dev/sda1\"|root|/dev/sda1`",
        // a quoted value loses its quotes
        "`root=\"/dev/sda1\"`#`root=\"/dev/sda1\"|root|/dev/sda1`",
        // spaces inside quotes do not split
        "`foo=\"a root=b\"`#`foo=\"a root=b\"|foo|a root=b`",
        "`\"a b\"`#`\"a b\"|a b|<none>`",
        // a quote inside the name stays in the name
        "`ro\"ot\"=x`#`ro\"ot\"=x|ro\"ot\"|x`",
        "`\"root\"=x`#`\"root\"=x|root\"|x`",
        // the value's opening quote and the parameter's last quote go, whatever lies between
        "`a=\"x\"y\"`#`a=\"x\"y\"|a|x\"y`",
        "`a=x\"y z\"`#`a=x\"y z\"|a|x\"y z\"`",
        "`a=\"`#`a=\"|a|`",
        "`a=`#`a=|a|`",
        // single quotes mean nothing to the kernel
        "`'root=/dev/sda1'`#`'root=/dev/sda1'|'root|/dev/sda1'`",
        // an '=' at the start does not end the name
        "`=x=y`#`=x=y|=x|y`",
        "`rootwait`#`rootwait|rootwait|<none>`",
      })
  void testSplit_likeNextArg(String cmdline, String expected) {
    assertEquals(List.of(expected), split(cmdline));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        "`  quiet \t splash\n`#2",
        "`a \u000Bb\fc\rd`#4",
        "``#0",
        "`   `#0",
        // an unbalanced quote takes the rest of the line, as in the kernel
        "`a=\"x y z`#1",
      })
  void testSplit_countsLikeTheKernel(String cmdline, int count) {
    assertEquals(count, KernelParameter.split(cmdline).size(), split(cmdline).toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {
        "`root=/dev/sda2`#true",
        "`\"root=/dev/sda2\"`#true",
        "`root=\"/dev/sda2\"`#true",
        "`\"root=\"/dev/sda2`#true",
        "`roothash=ab`#true",
        "`\"roothash=ab\"`#true",
        // systemd's proc_cmdline removes quotes of both kinds anywhere in a word
        "`'root=/dev/sda2'`#true",
        "`ro\"ot\"=/dev/sda2`#true",
        "`r'oot'hash=ab`#true",
        "`root=`#true",
        "`rootwait`#false",
        "`rootfstype=erofs`#false",
        "`root`#false",
        "`\"root\"`#false",
        "`foo=\"a root=b\"`#false",
        "`systemd.verity_root_data=x`#false",
        "`usrhash=ab`#false",
      })
  void testOverridesVerityRoot_asTheKernelAndSystemdReadIt(String parameter, boolean expected) {
    List<KernelParameter> ps = KernelParameter.split(parameter);
    assertEquals(1, ps.size());
    assertEquals(expected, ps.get(0).overridesVerityRoot(), parameter);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      quoteCharacter = '`',
      value = {"`a=\"x`#false", "`a=\"x\"`#true", "`\"a`#false", "`a b`#true", "``#true"})
  void testQuotesBalanced(String cmdline, boolean balanced) {
    assertEquals(balanced, KernelParameter.quotesBalanced(cmdline));
    assertEquals(!balanced, KernelParameter.quotesBalanced(cmdline + "\""));
  }
}
