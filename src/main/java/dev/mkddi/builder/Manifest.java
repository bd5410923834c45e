package dev.mkddi.builder;

import dev.mkddi.gpt.GptAttribute;
import dev.mkddi.io.Hex;
import dev.mkddi.verity.VerityParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@code <base>.json} manifest of a finished build. Stateless. */
final class Manifest {
  private Manifest() {}

  /**
   * @param ctx the build context
   * @param plan the final plan (with the root-hash UUIDs)
   * @param rootHash the root hash
   * @param cmdline the command line
   * @param split the split file of each partition that has one (same order as the plan), or null
   * @param signature the {@code .roothash.p7s} file name, or null when unsigned
   * @return the manifest as an ordered map of JSON-compatible values
   */
  static Map<String, Object> of(
      BuildContext ctx,
      DiskPlan plan,
      byte[] rootHash,
      String cmdline,
      List<Path> split,
      Path signature) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", ctx.imagePath().getFileName().toString());
    m.put("name", ctx.description().name());
    m.put("version", ctx.description().version());
    m.put("architecture", ctx.architecture().canonicalName());
    m.put("seed", ctx.seed().toString());
    m.put("sourceDateEpoch", ctx.sourceDateEpoch().map(t -> t.getEpochSecond()).orElse(null));
    m.put("sectorSize", plan.sectorSize());
    m.put("size", plan.diskSize());
    m.put("diskGuid", plan.diskGuid().toString());
    m.put("rootHash", Hex.encode(rootHash));
    m.put("signed", signature != null);
    m.put("rootHashSignature", signature == null ? null : signature.getFileName().toString());
    m.put("certificateFingerprint", ctx.signer().map(s -> s.certificateFingerprint()).orElse(null));
    m.put("cmdline", cmdline);
    m.put("filesystem", filesystem(plan));
    m.put("verity", verity(plan));
    List<Object> parts = new ArrayList<>();
    for (int i = 0; i < plan.partitions().size(); i++) {
      PlannedPartition p = plan.partitions().get(i);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("number", i + 1);
      e.put("role", p.role().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      e.put("type", p.type().name());
      e.put("typeGuid", p.type().guid().toString());
      e.put("label", p.label());
      e.put("uuid", p.uuid().toString());
      e.put("offset", p.offset());
      e.put("size", p.size());
      e.put("attributes", String.format("0x%016x", p.attributes()));
      e.put("flags", GptAttribute.flagNames(p.attributes()));
      Path f = split == null ? null : split.get(i);
      e.put("file", f == null ? null : f.getFileName().toString());
      parts.add(e);
    }
    m.put("partitions", parts);
    return m;
  }

  private static Map<String, Object> filesystem(DiskPlan plan) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "erofs");
    f.put("uuid", plan.filesystem().uuid().toString());
    f.put("size", plan.filesystem().sizeBytes());
    f.put("inodes", plan.filesystem().inodeCount());
    f.put("buildTime", plan.filesystem().buildTime().getEpochSecond());
    return f;
  }

  private static Map<String, Object> verity(DiskPlan plan) {
    VerityParams p = plan.verity();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("hashDevice", plan.separateVerityPartition() ? "partition" : "root partition");
    v.put("algorithm", p.hash().veritysetupName());
    v.put("format", p.hashType().code());
    v.put("dataBlockSize", p.dataBlockSize());
    v.put("hashBlockSize", p.hashBlockSize());
    v.put("dataBlocks", p.dataBlocks());
    v.put("hashOffset", p.hashOffset());
    v.put("salt", Hex.encode(p.salt()));
    v.put("uuid", p.uuid().toString());
    return v;
  }
}
