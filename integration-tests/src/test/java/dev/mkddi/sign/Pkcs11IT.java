package dev.mkddi.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mkddi.it.Tools;
import dev.mkddi.it.Tools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys in a PKCS#11 token: a SoftHSM2 token in a private {@code SOFTHSM2_CONF} holding the
 * TEST-ONLY RSA and EC keys of the sign fixtures (the RSA certificate on the token too). RSA
 * signatures made through the token equal those made from the PEM file, byte for byte; EC ones
 * verify with openssl and sbverify; the module comes from the URI, {@code MKDDI_PKCS11_MODULE} or
 * p11-kit's proxy; {@code genkey --pkcs11-uri} makes keys that never leave the token.
 */
class Pkcs11IT {
  private static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  private static final Path BOOT = Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi");
  private static final String TOKEN = "mkddi-it";
  private static final String PIN = "4711";
  private static final long TIMEOUT_SECONDS = 120;

  /** The RSA key of the test token, without module or PIN (they come from elsewhere). */
  private static final String RSA_KEY = "pkcs11:token=" + TOKEN + ";object=rsa;type=private";

  @TempDir static Path dir;
  private static Map<String, String> env;
  private static Path pinFile;

  @BeforeAll
  static void setUp() throws Exception {
    Tools.require("softhsm2-util", "pkcs11-tool", "openssl", "sbverify");
    Path tokens = Files.createDirectories(dir.resolve("tokens"));
    Path conf = dir.resolve("softhsm2.conf");
    Files.writeString(
        conf,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    // no MKDDI_PKCS11_MODULE from the caller's environment: each test says which module it wants
    env = Map.of("SOFTHSM2_CONF", conf.toString(), "MKDDI_PKCS11_MODULE", "");
    pinFile = Files.writeString(dir.resolve("pin"), PIN + "\n");
    run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        TOKEN,
        "--so-pin",
        "1234",
        "--pin",
        PIN);
    importKey("rsa", "01");
    importKey("ec", "02");
    Path der = dir.resolve("rsa.der");
    run(
        "openssl",
        "x509",
        "-in",
        Fixtures.path("test-only-rsa.crt").toString(),
        "-outform",
        "DER",
        "-out",
        der.toString());
    pkcs11Tool("--write-object", der.toString(), "--type", "cert", "--id", "01", "--label", "rsa");
  }

  private static void importKey(String type, String id) throws Exception {
    run(
        "softhsm2-util",
        "--import",
        Fixtures.path("test-only-" + type + ".key").toString(),
        "--token",
        TOKEN,
        "--label",
        type,
        "--id",
        id,
        "--pin",
        PIN);
  }

  private static Result run(String... cmd) throws Exception {
    return Tools.run(env, null, List.of(cmd), TIMEOUT_SECONDS).ok();
  }

  /** OpenSC's pkcs11-tool on the test token, logged in. */
  private static Result pkcs11Tool(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "pkcs11-tool",
                "--module",
                SOFTHSM.toString(),
                "--token-label",
                TOKEN,
                "--login",
                "--pin",
                PIN));
    cmd.addAll(List.of(args));
    return Tools.run(env, null, cmd, TIMEOUT_SECONDS).ok();
  }

  private static Result mkddi(String... args) throws Exception {
    return Tools.mkddi(env, args);
  }

  private static Result mkddi(Map<String, String> extra, String... args) throws Exception {
    Map<String, String> e = new java.util.HashMap<>(env);
    e.putAll(extra);
    return Tools.mkddi(e, args);
  }

  /** A URI for a key of the token, loading SoftHSM directly, with the PIN in it. */
  private static String uri(String label) {
    return "pkcs11:token="
        + TOKEN
        + ";object="
        + label
        + "?module-path="
        + SOFTHSM
        + "&pin-value="
        + PIN;
  }

  private static Path fixtureKey(String type) throws Exception {
    return Fixtures.path("test-only-" + type + ".key");
  }

  private static Path fixtureCert(String type) throws Exception {
    return Fixtures.path("test-only-" + type + ".crt");
  }

  /** Builds examples/minimal signed with {@code key}; returns the target directory. */
  private static Path build(String name, String... signing) throws Exception {
    Path target = dir.resolve(name);
    List<String> args =
        new ArrayList<>(List.of("build", "examples/minimal", "--target-dir", target.toString()));
    args.addAll(List.of(signing));
    mkddi(args.toArray(String[]::new)).ok();
    return target;
  }

  private static byte[] file(Path target, String suffix) throws Exception {
    return Files.readAllBytes(target.resolve("minimal.x86_64-1.0.0" + suffix));
  }

  private static void opensslVerify(Path target, Path cert) throws Exception {
    Path base = target.resolve("minimal.x86_64-1.0.0");
    Result r =
        Tools.run(
            "openssl",
            "smime",
            "-verify",
            "-binary",
            "-inform",
            "der",
            "-content",
            base + ".roothash",
            "-in",
            base + ".roothash.p7s",
            "-noverify",
            "-nointern",
            "-certfile",
            cert.toString(),
            "-out",
            "/dev/null");
    assertEquals(0, r.exitCode(), r.stderr());
  }

  @Test
  void testBuild_rsaTokenSignatureEqualsPem() throws Exception {
    // the certificate comes from the token (same CKA_ID as the key)
    Path token = build("rsa-token", "--signing-key", uri("rsa"));
    Path pem =
        build(
            "rsa-pem",
            "--signing-key",
            fixtureKey("rsa").toString(),
            "--certificate",
            fixtureCert("rsa").toString());
    assertArrayEquals(file(pem, ".roothash.p7s"), file(token, ".roothash.p7s"));
    assertArrayEquals(file(pem, ".raw"), file(token, ".raw"), "the whole signed image");
    opensslVerify(token, fixtureCert("rsa"));
  }

  @Test
  void testBuild_ecTokenSignatureVerifiesButIsRandomized() throws Exception {
    String[] signing = {"--signing-key", uri("ec"), "--certificate", fixtureCert("ec").toString()};
    Path a = build("ec-token-a", signing);
    Path b = build("ec-token-b", signing);
    opensslVerify(a, fixtureCert("ec"));
    opensslVerify(b, fixtureCert("ec"));
    assertArrayEquals(file(a, ".roothash"), file(b, ".roothash"));
    // the token draws the ECDSA nonce: documented, and warned about
    assertFalse(java.util.Arrays.equals(file(a, ".roothash.p7s"), file(b, ".roothash.p7s")));
  }

  @Test
  void testSign_ecTokenWarnsThatTheImageDiffersFromAOneStageBuild() throws Exception {
    Path deferred = build("ec-deferred", "--defer-signature");
    Path image = deferred.resolve("minimal.x86_64-1.0.0.raw");
    Result r =
        mkddi(
            "sign",
            image.toString(),
            "--signing-key",
            uri("ec"),
            "--certificate",
            fixtureCert("ec").toString());
    r.ok();
    assertTrue(
        r.stderr()
            .contains(
                ": the token signs ECDSA with a random nonce: the image is not byte-identical to a"
                    + " one-stage signed build"),
        r.stderr());
    opensslVerify(deferred, fixtureCert("ec"));
  }

  /**
   * examples/minimal copied to {@code dir/name}, with more attributes and children for its type.
   */
  private static Path description(String name, String attributes, String children)
      throws Exception {
    Path d = dir.resolve(name);
    copyTree(Path.of("examples/minimal"), d);
    Path config = d.resolve("config.xml");
    String xml = Files.readString(config);
    String end = "kernelcmdline=\"console=ttyS0\"/>";
    assertTrue(xml.contains(end), xml);
    Files.writeString(
        config,
        xml.replace(
            end, "kernelcmdline=\"console=ttyS0\" " + attributes + ">" + children + "</type>"));
    return d;
  }

  /** Builds a description with the module from MKDDI_PKCS11_MODULE and the PIN from a file. */
  private static Path buildWithToken(Path description, String name, String... more)
      throws Exception {
    Path target = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "build",
                description.toString(),
                "--target-dir",
                target.toString(),
                "--key-password-file",
                pinFile.toString()));
    args.addAll(List.of(more));
    mkddi(Map.of("MKDDI_PKCS11_MODULE", SOFTHSM.toString()), args.toArray(String[]::new)).ok();
    return target;
  }

  @Test
  void testBuild_tokenKeyInTheDescriptionEqualsPem() throws Exception {
    String key = RSA_KEY;
    Path d =
        description(
            "desc-token",
            "verity_signature_required=\"true\" verity_signature_key=\"" + key + "\"",
            "");
    Path token = buildWithToken(d, "desc-token-out");
    // the same description with the PEM key on the command line
    Path pem = dir.resolve("desc-pem-out");
    mkddi(
            "build",
            d.toString(),
            "--target-dir",
            pem.toString(),
            "--signing-key",
            fixtureKey("rsa").toString(),
            "--certificate",
            fixtureCert("rsa").toString())
        .ok();
    assertArrayEquals(file(pem, ".roothash.p7s"), file(token, ".roothash.p7s"));
    assertArrayEquals(file(pem, ".raw"), file(token, ".raw"), "the whole signed image");
    opensslVerify(token, fixtureCert("rsa"));
    Result verify =
        mkddi(
                "verify",
                token.resolve("minimal.x86_64-1.0.0.raw").toString(),
                "--certificate",
                fixtureCert("rsa").toString())
            .ok();
    assertTrue(verify.stdout().contains("signature"), verify.stdout());
    // a PIN written into the description's URI is never shown
    Path withPin =
        description("desc-pin", "verity_signature_key=\"" + key + "?pin-value=" + PIN + "\"", "");
    Result describe = mkddi("describe", withPin.toString()).ok();
    assertTrue(describe.stdout().contains(key), describe.stdout());
    assertFalse(describe.stdout().contains(PIN), describe.stdout());
  }

  @Test
  void testBuild_secureBootKeyInTheToken_sbverifyAcceptsTheUkiAndTheEspsPeFiles() throws Exception {
    String key = RSA_KEY;
    Path d =
        description(
            "desc-sb",
            "firmware=\"efi\"",
            "<bootloader name=\"systemd_boot\" timeout=\"0\" secure_boot_key=\"" + key + "\"/>");
    // the host's systemd-boot stands in for the kernel: a PE file of the right machine
    Path modules = Files.createDirectories(d.resolve("root/usr/lib/modules/6.1.0-it"));
    Files.copy(BOOT, modules.resolve("vmlinuz"));
    Files.write(modules.resolve("initrd"), new byte[4096]);
    Path efi = Files.createDirectories(d.resolve("root/usr/lib/systemd/boot/efi"));
    Files.copy(BOOT, efi.resolve("systemd-bootx64.efi"));
    Files.copy(BOOT.resolveSibling("linuxx64.efi.stub"), efi.resolve("linuxx64.efi.stub"));
    // a stand-in kernel and an empty initrd: nothing boots, the initrd check would refuse them
    Path target = buildWithToken(d, "desc-sb-out", "--no-initrd-check");
    String cert = fixtureCert("rsa").toString();
    Path uki = target.resolve("minimal.x86_64-1.0.0.efi");
    Tools.run("sbverify", "--cert", cert, uki.toString()).ok();
    String esp = target.resolve("minimal.x86_64-1.0.0.raw") + "@@1048576";
    Map<String, String> mtools = Map.of("MTOOLS_SKIP_CHECK", "1");
    String listing =
        Tools.run(mtools, null, List.of("mdir", "-b", "-i", esp, "::/EFI/Linux"), TIMEOUT_SECONDS)
            .ok()
            .stdout();
    List<String> ukis = listing.lines().filter(l -> l.endsWith(".efi")).toList();
    assertEquals(1, ukis.size(), listing);
    List<String> pe =
        List.of(
            "::/EFI/BOOT/BOOTX64.EFI",
            "::/EFI/systemd/systemd-bootx64.efi",
            "::" + ukis.get(0).replaceFirst("^::", ""));
    for (String f : pe) {
      Path out = dir.resolve("esp-" + f.replaceAll("[^A-Za-z0-9.]", "_"));
      Tools.run(mtools, null, List.of("mcopy", "-n", "-i", esp, f, out.toString()), TIMEOUT_SECONDS)
          .ok();
      Result r = Tools.run("sbverify", "--cert", cert, out.toString());
      assertEquals(0, r.exitCode(), f + ": " + r.stdout() + r.stderr());
      if (f.contains("Linux")) {
        assertArrayEquals(Files.readAllBytes(uki), Files.readAllBytes(out), "the ESP's UKI");
      }
    }
    // an unsigned build: sbverify refuses its UKI
    Path plain =
        description("desc-nosb", "firmware=\"efi\"", "<bootloader name=\"systemd_boot\"/>");
    for (String sub : List.of("root/usr/lib/modules", "root/usr/lib/systemd")) {
      copyTree(d.resolve(sub), plain.resolve(sub));
    }
    Path unsigned = buildWithToken(plain, "desc-nosb-out", "--no-initrd-check");
    Result r =
        Tools.run(
            "sbverify", "--cert", cert, unsigned.resolve("minimal.x86_64-1.0.0.efi").toString());
    assertTrue(r.exitCode() != 0, r.stdout());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path f : files.sorted().toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
  }

  @Test
  void testSbsign_rsaTokenEqualsPemWithModuleFromEnvironment() throws Exception {
    Path viaToken = dir.resolve("boot-token.efi");
    Path viaPem = dir.resolve("boot-pem.efi");
    mkddi(
            Map.of("MKDDI_PKCS11_MODULE", SOFTHSM.toString()),
            "sbsign",
            BOOT.toString(),
            viaToken.toString(),
            "--key",
            "pkcs11:token=" + TOKEN + ";object=rsa;type=private",
            "--key-password-file",
            pinFile.toString())
        .ok();
    mkddi(
            "sbsign",
            BOOT.toString(),
            viaPem.toString(),
            "--key",
            fixtureKey("rsa").toString(),
            "--certificate",
            fixtureCert("rsa").toString())
        .ok();
    assertArrayEquals(Files.readAllBytes(viaPem), Files.readAllBytes(viaToken));
    Tools.run("sbverify", "--cert", fixtureCert("rsa").toString(), viaToken.toString()).ok();
  }

  @Test
  void testSbsign_ecKeyThroughP11KitProxy() throws Exception {
    Path signed = dir.resolve("boot-ec-proxy.efi");
    Result r =
        mkddi(
            "sbsign",
            BOOT.toString(),
            signed.toString(),
            "--key",
            "pkcs11:token=" + TOKEN + ";id=%02?pin-source=file:" + pinFile,
            "--certificate",
            fixtureCert("ec").toString());
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("random nonce"), r.stderr());
    Tools.run("sbverify", "--cert", fixtureCert("ec").toString(), signed.toString()).ok();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ec"})
  void testGenkey_keyMadeInTheTokenSignsAndNeverLeavesIt(String type) throws Exception {
    Path out = dir.resolve("genkey-" + type);
    String label = "made-" + type;
    Result g =
        mkddi(
                "genkey",
                "--type",
                type,
                "--output-dir",
                out.toString(),
                "--pkcs11-uri",
                "pkcs11:token=" + TOKEN + ";object=" + label + "?module-path=" + SOFTHSM,
                "--key-password-file",
                pinFile.toString())
            .ok();
    String printed =
        g.stdout().lines().filter(l -> l.contains("pkcs11:")).findFirst().orElseThrow();
    String keyUri = printed.substring(printed.indexOf("pkcs11:"));
    assertTrue(keyUri.contains(";id=%"), keyUri);
    Path cert = out.resolve("verity.crt");
    Result x509 = Tools.run("openssl", "x509", "-in", cert.toString(), "-noout", "-text").ok();
    assertTrue(
        x509.stdout().contains(type.equals("rsa") ? "(3072 bit)" : "(256 bit)"), x509.stdout());
    Tools.run("openssl", "verify", "-CAfile", cert.toString(), cert.toString()).ok();
    // the printed URI signs, with the certificate found on the token
    Path signed = dir.resolve("boot-made-" + type + ".efi");
    mkddi(
            "sbsign",
            BOOT.toString(),
            signed.toString(),
            "--key",
            keyUri,
            "--key-password-file",
            pinFile.toString())
        .ok();
    Tools.run("sbverify", "--cert", cert.toString(), signed.toString()).ok();
    Result objects = pkcs11Tool("--list-objects");
    String privateKey =
        objectBlocks(objects.stdout()).stream()
            .filter(
                b ->
                    b.startsWith("Private Key Object") && b.contains("label:      " + label + "\n"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(objects.stdout()));
    assertTrue(privateKey.contains("never extractable"), privateKey);
    assertTrue(privateKey.contains("Usage:      sign\n"), "a signing-only key: " + privateKey);
    // the label is taken now
    Result again =
        mkddi(
            "genkey",
            "--type",
            type,
            "--pkcs11-uri",
            "pkcs11:token=" + TOKEN + ";object=" + label + "?module-path=" + SOFTHSM,
            "--key-password-file",
            pinFile.toString());
    assertEquals(2, again.exitCode(), again.stderr());
    assertTrue(again.stderr().contains("already holds"), again.stderr());
  }

  /** pkcs11-tool's listing, one string per object (its first line and the indented ones). */
  private static List<String> objectBlocks(String listing) {
    List<String> blocks = new ArrayList<>();
    for (String line : listing.lines().toList()) {
      if (!line.startsWith(" ") || blocks.isEmpty()) {
        blocks.add(line + "\n");
      } else {
        blocks.set(blocks.size() - 1, blocks.get(blocks.size() - 1) + line + "\n");
      }
    }
    return blocks;
  }

  @Test
  void testErrors_oneLineExitTwoNoOutput() throws Exception {
    Path out = dir.resolve("never.efi");
    String cert = fixtureCert("rsa").toString();
    String base = "pkcs11:token=" + TOKEN + ";object=rsa?module-path=" + SOFTHSM;
    Object[][] cases = {
      {base + "&pin-value=0000", "CKR_PIN_INCORRECT (wrong PIN)"},
      {base, "needs a PIN"},
      {
        "pkcs11:token=nope;object=rsa?module-path=" + SOFTHSM + "&pin-value=" + PIN,
        "no token matches"
      },
      {
        "pkcs11:token=" + TOKEN + ";object=none?module-path=" + SOFTHSM + "&pin-value=" + PIN,
        "no private key matches"
      },
      {
        "pkcs11:token=" + TOKEN + ";object=ec?module-path=" + SOFTHSM + "&pin-value=" + PIN,
        "the certificate holds an RSA public key"
      },
      {
        "pkcs11:token=" + TOKEN + ";object=rsa?module-path=/nonexistent.so&pin-value=" + PIN,
        "does not exist"
      },
    };
    for (Object[] c : cases) {
      Result r =
          mkddi(
              "sbsign",
              BOOT.toString(),
              out.toString(),
              "--key",
              (String) c[0],
              "--certificate",
              cert);
      assertEquals(2, r.exitCode(), c[0] + ": " + r.stderr());
      assertEquals(1, r.stderr().lines().count(), r.stderr());
      assertTrue(r.stderr().contains((String) c[1]), r.stderr());
      assertFalse(r.stderr().contains(PIN), "no PIN in messages: " + r.stderr());
      assertFalse(Files.exists(out));
    }
  }
}
