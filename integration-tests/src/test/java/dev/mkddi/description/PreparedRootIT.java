package dev.mkddi.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.it.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build --root DIR}: the kiwi-appliance example (packages, users, a config.sh) built from a
 * prepared root directory instead of its archive, unedited. systemd-dissect and {@code mkddi
 * verify} accept the disk, and the kernel mounts its root with the prepared files and the root/
 * overlay on top.
 */
class PreparedRootIT {
  @TempDir Path dir;

  @Test
  void testBuild_kiwiApplianceFromPreparedRoot_dissectVerifyMount() throws Exception {
    Tools.require("systemd-dissect", "mount", "umount");
    Tools.requireRoot();
    Path example =
        Path.of(System.getProperty("mkddi.root", ".")).resolve("examples/kiwi-appliance");
    Path prepared = dir.resolve("prepared");
    copy(example.resolve("archive-src"), prepared);
    Files.writeString(prepared.resolve("etc/prepared-by"), "kiwi-ng system prepare\n");
    Path out = dir.resolve("out");
    Tools.mkddi(
            "build",
            example.toString(),
            "--root",
            prepared.toString(),
            "--target-dir",
            out.toString(),
            "--target-arch",
            "x86_64")
        .ok();
    Path img;
    try (Stream<Path> s = Files.list(out)) {
      img = s.filter(p -> p.toString().endsWith(".raw")).findFirst().orElseThrow();
    }
    String rootHash =
        Files.readString(Path.of(img.toString().replace(".raw", ".roothash"))).strip();
    JsonNode dissect =
        new ObjectMapper()
            .readTree(
                Tools.run(
                        "systemd-dissect",
                        "--json=short",
                        "--root-hash=" + rootHash,
                        img.toString())
                    .ok()
                    .stdout());
    boolean rootWithVerity = false;
    for (JsonNode m : dissect.get("mounts")) {
      if (m.get("designator").asText().equals("root")) {
        assertEquals("erofs", m.get("fstype").asText(), m.toString());
        assertEquals("yes", m.get("verity").asText(), m.toString());
        rootWithVerity = true;
      }
    }
    assertTrue(rootWithVerity, dissect.toString());
    Tools.mkddi("verify", img.toString()).ok();

    JsonNode table =
        new ObjectMapper().readTree(Tools.mkddi("inspect", "--json", img.toString()).ok().stdout());
    long offset = -1;
    for (JsonNode p : table.get("partitions")) {
      if ("root".equals(p.get("designator").asText())) {
        offset = p.get("offset").asLong();
      }
    }
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    Tools.run(
            "mount",
            "-t",
            "erofs",
            "-o",
            "loop,ro,offset=" + offset,
            img.toString(),
            mnt.toString())
        .ok();
    try {
      assertEquals("kiwi-ng system prepare\n", Files.readString(mnt.resolve("etc/prepared-by")));
      assertEquals(
          Files.readString(example.resolve("root/etc/motd")),
          Files.readString(mnt.resolve("etc/motd")));
      assertTrue(Files.isRegularFile(mnt.resolve("usr/bin/appliance-version")));
    } finally {
      Tools.run("umount", mnt.toString()).ok();
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted().toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
