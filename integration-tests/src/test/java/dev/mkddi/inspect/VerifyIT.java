package dev.mkddi.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mkddi.it.Tools;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mkddi verify} and {@code mkddi cmdline} on images the real tools made: a signed DDI from
 * systemd-repart (squashfs root, verity partition, signature partition), and kiwi's layout from
 * {@code veritysetup format --no-superblock} with kiwi's metadata block.
 */
class VerifyIT {
  private static final String SEED = "750b6cd5-c4ae-4012-a15e-7be3c29e6a47";
  private static final String ROOT_X86_64 = "4f68bce3-e8cd-4db1-96e7-fbcaf984b709";

  @TempDir Path dir;

  /** A signed DDI from systemd-repart; returns repart's JSON for the partitions. */
  private JsonNode repart(Path image) throws Exception {
    Path defs = Files.createDirectories(dir.resolve("repart.d"));
    Path tree = Files.createDirectories(dir.resolve("tree/etc"));
    Files.writeString(tree.resolve("os-release"), "ID=repart\n");
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    Files.write(tree.resolve("data.bin"), data);
    Files.writeString(
        defs.resolve("10-root.conf"),
        "[Partition]\nType=root\nFormat=squashfs\nCopyFiles="
            + dir.resolve("tree")
            + ":/\nVerity=data\nVerityMatchKey=root\n");
    Files.writeString(
        defs.resolve("20-verity.conf"),
        "[Partition]\nType=root-verity\nVerity=hash\nVerityMatchKey=root\n");
    Files.writeString(
        defs.resolve("30-sig.conf"),
        "[Partition]\nType=root-verity-sig\nVerity=signature\nVerityMatchKey=root\n");
    Tools.selfSignedCertificate(dir.resolve("k.pem"), dir.resolve("c.pem"), "/CN=repart it");
    Tools.Result r =
        Tools.run(
                "systemd-repart",
                "--definitions=" + defs,
                "--empty=create",
                "--size=auto",
                "--seed=" + SEED,
                "--private-key=" + dir.resolve("k.pem"),
                "--certificate=" + dir.resolve("c.pem"),
                "--dry-run=no",
                "--json=short",
                image.toString())
            .ok();
    return new ObjectMapper().readTree(r.stdout());
  }

  @Test
  void testVerify_signedRepartImage() throws Exception {
    Tools.require("systemd-repart", "mksquashfs", "openssl");
    Tools.requireRoot(); // repart formats squashfs through a loop device
    Path img = dir.resolve("repart.raw");
    JsonNode parts = repart(img);
    String rootHash = parts.get(1).get("roothash").asText();
    assertTrue(rootHash.matches("[0-9a-f]{64}"), parts.toString());

    Tools.Result ok = Tools.mkddi("verify", img.toString()).ok();
    assertTrue(ok.stdout().contains("  ok      signature (root): the signature in partition 3"));
    assertTrue(ok.stdout().contains("proves integrity, not trust"), ok.stdout());
    Tools.Result pinned =
        Tools.mkddi(
                "verify",
                "--root-hash",
                rootHash,
                "--certificate",
                dir.resolve("c.pem").toString(),
                "--json",
                img.toString())
            .ok();
    JsonNode j = new ObjectMapper().readTree(pinned.stdout());
    assertEquals("pinned-certificate", j.get("trust").asText());
    assertEquals(rootHash, j.get("slots").get(0).get("rootHash").asText());

    Tools.Result cmdline = Tools.mkddi("cmdline", img.toString()).ok();
    assertEquals("roothash=" + rootHash + "\n", cmdline.stdout());

    Tools.flip(img, parts.get(0).get("offset").asLong() + 4096 + 3);
    Tools.Result bad = Tools.mkddi("verify", img.toString());
    assertEquals(1, bad.exitCode(), bad.stderr());
    assertEquals(1, bad.stderr().lines().count(), bad.stderr());
    assertTrue(
        bad.stderr().startsWith("mkddi: " + img + ": dm-verity (root): partition 1 (root-x86-64):"),
        bad.stderr());
  }

  /**
   * kiwi's layout: the tree after the data inside the root partition, written by {@code veritysetup
   * --no-superblock}, and kiwi's metadata block in the partition's last 4 KiB.
   */
  @Test
  void testVerify_kiwiLayoutFromVeritysetup() throws Exception {
    Tools.require("veritysetup", "sgdisk");
    int block = 4096;
    int dataBlocks = 10;
    long partSize = (dataBlocks + 3) * block;
    Path part = dir.resolve("root.part");
    byte[] data = new byte[(int) partSize];
    new Random(2).nextBytes(data);
    Arrays.fill(data, dataBlocks * block, data.length, (byte) 0);
    Files.write(part, data);
    Tools.Result f =
        Tools.run(
                "veritysetup",
                "format",
                part.toString(),
                part.toString(),
                "--no-superblock",
                "--hash-offset=" + dataBlocks * block,
                "--data-blocks=" + dataBlocks,
                "--salt=5a17")
            .ok();
    String rootHash =
        f.stdout()
            .lines()
            .filter(l -> l.startsWith("Root hash:"))
            .findFirst()
            .orElseThrow()
            .split("\t")[1]
            .strip();
    String meta =
        "1 erofs ro verity\u00ff1 4096 4096 "
            + dataBlocks
            + " "
            + dataBlocks
            + " sha256 "
            + rootHash
            + " 5a17\u00ff\0";
    try (RandomAccessFile r = new RandomAccessFile(part.toFile(), "rw")) {
      r.seek(partSize - block);
      r.write(meta.getBytes(StandardCharsets.ISO_8859_1));
    }
    Path img = dir.resolve("kiwi.raw");
    try (RandomAccessFile r = new RandomAccessFile(img.toFile(), "rw")) {
      r.setLength((1 << 20) + partSize + (1 << 20));
      r.seek(1 << 20);
      r.write(Files.readAllBytes(part));
    }
    Tools.run(
            "sgdisk",
            "-n",
            "1:2048:+" + partSize / 512,
            "-t",
            "1:" + ROOT_X86_64,
            "-u",
            "1:11111111-2222-4333-8444-555555555555",
            img.toString())
        .ok();
    Tools.Result ok = Tools.mkddi("verify", img.toString()).ok();
    assertTrue(ok.stdout().contains("no superblock: kiwi's parameters"), ok.stdout());
    assertTrue(ok.stdout().contains(rootHash + " from kiwi's metadata in partition 1"));
    assertEquals(
        "systemd.verity_root_data=PARTUUID=11111111-2222-4333-8444-555555555555"
            + " systemd.verity_root_hash=PARTUUID=11111111-2222-4333-8444-555555555555"
            + " systemd.verity_root_options=superblock=no,format=1,hash=sha256,"
            + "data-block-size=4096,hash-block-size=4096,data-blocks=10,hash-offset=40960,"
            + "salt=5a17 roothash="
            + rootHash
            + "\n",
        Tools.mkddi("cmdline", img.toString()).ok().stdout());
    String given = Tools.mkddi("cmdline", img.toString(), "--hash-offset", "40960").ok().stdout();
    assertEquals(Tools.mkddi("cmdline", img.toString()).ok().stdout(), given);
    // the printed options, given to veritysetup verify, check the partition
    String options =
        Arrays.stream(given.strip().split(" "))
            .filter(w -> w.startsWith("systemd.verity_root_options="))
            .findFirst()
            .orElseThrow()
            .substring("systemd.verity_root_options=".length());
    List<String> verify =
        new ArrayList<>(
            List.of("veritysetup", "verify", part.toString(), part.toString(), rootHash));
    for (String o : options.split(",")) {
      verify.add(o.equals("superblock=no") ? "--no-superblock" : "--" + o);
    }
    Tools.run(verify.toArray(String[]::new)).ok();
    Tools.Result wrong = Tools.mkddi("cmdline", img.toString(), "--hash-offset", "36864");
    assertEquals(1, wrong.exitCode(), wrong.stdout());
    assertEquals("", wrong.stdout());
    assertTrue(
        wrong.stderr().contains("kiwi's metadata block puts the hash tree (without superblock)"),
        wrong.stderr());
    Tools.flip(img, (1 << 20) + dataBlocks * block + 5); // the tree's only block
    assertEquals(1, Tools.mkddi("verify", img.toString()).exitCode());
  }

  @Test
  void testVerify_listsNothingForNonDdi() throws Exception {
    Tools.require("sgdisk");
    Path img = dir.resolve("plain.raw");
    try (RandomAccessFile r = new RandomAccessFile(img.toFile(), "rw")) {
      r.setLength(4 << 20);
    }
    Tools.run("sgdisk", "-n", "1:2048:+2048", "-t", "1:8300", img.toString()).ok();
    Tools.Result r = Tools.mkddi("verify", img.toString());
    assertEquals(1, r.exitCode(), r.stderr());
    assertEquals(
        List.of(
            "mkddi: "
                + img
                + ": partition types: no root or usr partition with a Discoverable Partitions"
                + " type: nothing to verify"),
        r.stderr().lines().toList());
    assertEquals(2, Tools.mkddi("cmdline", img.toString()).exitCode());
  }
}
