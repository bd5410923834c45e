package dev.mkddi.builder;

import dev.mkddi.description.DiskSpec;
import dev.mkddi.description.ImageDescription;
import dev.mkddi.description.UpdateCompression;
import dev.mkddi.description.VerityLayout;
import dev.mkddi.description.Versions;
import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.Hex;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.pgp.OpenPgpSigner;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.sidecar.UpdateFiles;
import dev.mkddi.sign.SigningKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the update of an A/B image beside it, the files a systemd-sysupdate {@code url-file} or
 * {@code regular-file} source serves ({@link UpdateFiles}): slot A's root, verity and signature
 * partitions as {@code <name>_<version>_<partuuid>.<part>.raw[.zst|.xz]} (compressed on all cores,
 * or sparse), the UKI as {@code <name>_<version>.efi}, and {@code SHA256SUMS} over them in {@code
 * sha256sum}'s format, sorted by name, signed into {@code SHA256SUMS.gpg} when an OpenPGP key is
 * given. Stateless.
 */
final class WriteUpdateArtifactsStep {
  private WriteUpdateArtifactsStep() {}

  /**
   * Checks, before anything is written, that the image can have update artifacts, and opens the
   * OpenPGP key.
   *
   * @param ctx the build context
   * @return the signer of {@code SHA256SUMS}, when a key is given
   * @throws InvalidInputException when artifacts are asked for an image that cannot have them, or
   *     the key cannot be used
   * @throws IOException when the key cannot be read
   */
  static Optional<OpenPgpSigner> prepare(BuildContext ctx) throws IOException {
    if (!ctx.updateArtifacts()) {
      return Optional.empty();
    }
    ImageDescription d = ctx.description();
    DiskSpec disk = d.disk();
    String why = null;
    if (disk.updateSlots() != 2) {
      why = "systemd-sysupdate updates A/B images: the description needs update_slots=\"2\"";
    } else if (disk.verity().layout() != VerityLayout.PARTITION) {
      why =
          "the update carries a verity partition: the description needs verity_partition=\"true\"";
    } else if (!Versions.validForSysupdate(d.version()) || d.version().contains("_")) {
      why =
          "<version> \""
              + d.version()
              + "\" cannot be matched by systemd-sysupdate's pattern <name>_@v_@u (letters,"
              + " digits and . , - only)";
    } else if (disk.verity().signature().deferred()) {
      why =
          "--defer-signature leaves the signature partition empty and mkddi sign fills the image"
              + " only: the update's signature partition and SHA256SUMS would stay unsigned";
    }
    if (why != null) {
      throw new InvalidInputException(d.file() + ": --update-artifacts: " + why);
    }
    Optional<Path> key = ctx.request().update().signingKey();
    if (key.isEmpty()) {
      return Optional.empty();
    }
    char[] password =
        ctx.request().keyPasswordFile().isPresent()
            ? SigningKey.readPassword(ctx.request().keyPasswordFile().get())
            : null;
    try {
      return Optional.of(OpenPgpSigner.load(key.get(), Optional.ofNullable(password)));
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * @param ctx the build context
   * @param plan the final plan (PARTUUIDs from the root hash)
   * @param image the finished image
   * @param uki the assembled UKI, when the image has one
   * @param pgp the signer of {@code SHA256SUMS}
   * @param time the signature's creation time
   * @param outputs where the files go
   * @return the artifacts, for the manifest; empty when the build writes none
   * @throws IOException when reading or writing fails
   */
  static List<Manifest.Artifact> run(
      BuildContext ctx,
      DiskPlan plan,
      FileChannel image,
      Optional<Path> uki,
      Optional<OpenPgpSigner> pgp,
      Instant time,
      Outputs outputs)
      throws IOException {
    if (!ctx.updateArtifacts()) {
      return List.of();
    }
    ImageDescription d = ctx.description();
    UpdateCompression compression = d.disk().update().compression();
    List<Job> jobs = new ArrayList<>();
    for (PlannedPartition p : plan.partitions()) {
      Optional<UpdateFiles.Part> part = SysupdateDefinitions.part(p.role());
      if (part.isPresent()) {
        String file =
            UpdateFiles.partitionFile(
                d.name(), d.version(), p.uuid(), part.get(), compression.suffix());
        jobs.add(new Job(p, part.get(), outputs.create(dir(ctx).resolve(file))));
      }
    }
    List<Manifest.Artifact> out = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
    try {
      List<Future<PartitionCopy.Written>> done = new ArrayList<>();
      for (Job j : jobs) {
        done.add(
            pool.submit(
                () ->
                    PartitionCopy.copy(
                        image,
                        j.partition.offset(),
                        j.partition.size(),
                        j.file.channel(),
                        compression)));
      }
      for (int i = 0; i < jobs.size(); i++) {
        Job j = jobs.get(i);
        PartitionCopy.Written w = get(done.get(i));
        out.add(
            new Manifest.Artifact(
                j.file.target().getFileName().toString(),
                j.part.suffix(),
                j.partition.uuid().toString(),
                w.size(),
                Hex.encode(w.sha256())));
      }
    } finally {
      pool.shutdownNow();
    }
    if (uki.isPresent()) {
      AtomicFile f = outputs.create(dir(ctx).resolve(UpdateFiles.ukiFile(d.name(), d.version())));
      try (FileChannel in = FileChannel.open(uki.get())) {
        PartitionCopy.Written w = PartitionCopy.sparse(in, 0, in.size(), f.channel());
        out.add(
            new Manifest.Artifact(
                f.target().getFileName().toString(),
                "uki",
                null,
                w.size(),
                Hex.encode(w.sha256())));
      }
    }
    out.sort(Comparator.comparing(Manifest.Artifact::file));
    StringBuilder sums = new StringBuilder();
    for (Manifest.Artifact a : out) {
      sums.append(a.sha256()).append("  ").append(a.file()).append('\n');
    }
    byte[] content = sums.toString().getBytes(StandardCharsets.UTF_8);
    outputs.write(dir(ctx).resolve(UpdateFiles.SHA256SUMS), content);
    if (pgp.isPresent()) {
      outputs.write(
          dir(ctx).resolve(UpdateFiles.SHA256SUMS_SIGNATURE),
          pgp.get().signDetached(content, time));
    }
    return out;
  }

  private static Path dir(BuildContext ctx) {
    return ctx.request().targetDir();
  }

  private static PartitionCopy.Written get(Future<PartitionCopy.Written> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing the update artifacts");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /** One partition file to write. */
  private record Job(PlannedPartition partition, UpdateFiles.Part part, AtomicFile file) {}
}
