package dev.mkddi.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Json#encodePlain} writes what jackson-databind ({@link Json#encode}) writes. */
class JsonTest {
  private static Manifest manifest(String text, boolean signed, Manifest.HashDevice device) {
    return new Manifest(
        text + ".raw",
        text,
        "1.0",
        "x86-64",
        "6d6b6464-6900-4000-8000-000000000001",
        signed ? 1_700_000_000L : null,
        512,
        Long.MAX_VALUE,
        "fa6cb438-568d-45dd-a536-7ab4819e4c58",
        "00ff".repeat(16),
        signed,
        signed ? text + ".roothash.p7s" : null,
        signed ? "ab".repeat(32) : null,
        "roothash=00 " + text,
        new Manifest.Filesystem("erofs", signed ? null : "a03fbc8f", 4096, 7, -1),
        new Manifest.Verity(device, "sha256", 1, 4096, 4096, 1, 0, "23", "744a84ab"),
        List.of(
            new Manifest.Partition(
                1,
                "root",
                "root-x86-64",
                "4f68",
                text,
                "2002",
                1 << 20,
                4096,
                "0x1",
                List.of(),
                null),
            new Manifest.Partition(
                Integer.MIN_VALUE,
                "root-verity",
                "t",
                "g",
                "l",
                "u",
                0,
                0,
                "0x0",
                List.of("read-only", text),
                text + ".verity.raw")),
        signed ? List.of(new Manifest.Artifact(text, "root", null, 3, "ff")) : List.of());
  }

  @Test
  void testEncodePlain_manifests_sameBytesAsDatabind() {
    for (String text : List.of("minimal", "q\"b\\s/t\te\n\r\b\f\u0000\u001f\u007f", "é€😀\u2028")) {
      for (boolean signed : new boolean[] {false, true}) {
        for (Manifest.HashDevice device : Manifest.HashDevice.values()) {
          Manifest m = manifest(text, signed, device);
          assertArrayEquals(Json.encode(m), Json.encodePlain(m), text);
          assertArrayEquals(Json.encode(m), m.toJson(), text);
        }
      }
    }
  }

  @Test
  void testEncodePlain_randomStrings_sameBytesAsDatabind() {
    // another seed: -Dmkddi.json.seed=N
    long seed = Long.getLong("mkddi.json.seed", 20261206L);
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(40);
      for (int k = 0; k < n; k++) {
        s.appendCodePoint(
            switch (r.nextInt(3)) {
              case 0 -> r.nextInt(0x80);
              case 1 -> r.nextInt(0x800);
              default -> {
                int c = r.nextInt(0x110000);
                yield Character.isSurrogate((char) c) ? 'x' : c;
              }
            });
      }
      Manifest m = manifest(s.toString(), r.nextBoolean(), Manifest.HashDevice.PARTITION);
      assertEquals(
          new String(Json.encode(m), StandardCharsets.UTF_8),
          new String(Json.encodePlain(m), StandardCharsets.UTF_8),
          "seed " + seed + ", string " + i);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Annotated(String a) {}

  @Test
  void testEncodePlain_notPlainData_refused() {
    for (Object o : List.of(Map.of("a", 1), 1.5, new Annotated("x"), List.of(new Object()))) {
      assertThrows(IllegalArgumentException.class, () -> Json.encodePlain(o), o.toString());
    }
  }
}
