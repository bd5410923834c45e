package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schemas/mkddi.xsd} as an editor would use it: libxml2 ({@code xmllint --schema}) accepts
 * every example and rejects the broken values mkddi rejects; and {@code mkddi describe} of every
 * example succeeds from the packaged jar (the signed one with a key openssl made).
 */
class DescriptionSchemaIT {
  private static final Path FIXTURES = Path.of("src/test/resources/dev/mkddi/description");
  private static final List<String> EXAMPLES =
      List.of("minimal", "signed", "ab-update", "kiwi-appliance");

  @TempDir Path tmp;

  @Test
  void testXmllint_acceptsExamplesAndCurrentCorpus() throws Exception {
    Tools.require("xmllint");
    for (String e : EXAMPLES) {
      xmllint(Path.of("examples", e, "config.xml")).ok();
    }
    for (String s : List.of("kiwi-8.5", "uki-2801", "uki-files", "profiles", "include")) {
      xmllint(FIXTURES.resolve(s).resolve("config.xml")).ok();
    }
  }

  @Test
  void testXmllint_rejectsWhatMkddiRejectsBySchema() throws Exception {
    Tools.require("xmllint");
    for (String s :
        List.of(
            "bad-enum-fail",
            "bad-boolean-fail",
            "bad-size-fail",
            "missing-name-fail",
            "misplaced-element-fail")) {
      Tools.Result r = xmllint(FIXTURES.resolve(s).resolve("config.xml"));
      assertNotEquals(0, r.exitCode(), s + " passes xmllint: " + r.stderr());
    }
  }

  @Test
  void testDescribe_everyExample() throws Exception {
    Tools.require("openssl");
    for (String e : List.of("minimal", "ab-update", "kiwi-appliance")) {
      Tools.Result r = Tools.mkddi("describe", "examples/" + e, "--target-arch", "x86_64").ok();
      assertTrue(r.stdout().contains("problems (none)"), r.stdout());
    }
    Path key = tmp.resolve("verity.key");
    Path cert = tmp.resolve("verity.crt");
    Tools.run(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=mkddi it",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString())
        .ok();
    Path signed = tmp.resolve("signed");
    Files.createDirectories(signed.resolve("keys"));
    Files.copy(Path.of("examples/signed/config.xml"), signed.resolve("config.xml"));
    Files.createDirectories(signed.resolve("root/etc"));
    Files.copy(
        Path.of("examples/signed/root/etc/os-release"), signed.resolve("root/etc/os-release"));
    assertEquals(2, Tools.mkddi("describe", signed.toString()).exitCode());
    Files.copy(key, signed.resolve("keys/verity.key"));
    Files.copy(cert, signed.resolve("keys/verity.crt"));
    Tools.Result r = Tools.mkddi("describe", signed.toString(), "--json").ok();
    assertTrue(r.stdout().contains("\"signed\":true"), r.stdout());
  }

  private static Tools.Result xmllint(Path file) throws Exception {
    return Tools.run("xmllint", "--noout", "--schema", "schemas/mkddi.xsd", file.toString());
  }
}
