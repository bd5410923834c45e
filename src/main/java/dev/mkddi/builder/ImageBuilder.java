package dev.mkddi.builder;

import dev.mkddi.description.DescriptionLoader;
import dev.mkddi.io.CreatedDirectories;
import dev.mkddi.io.Hex;
import dev.mkddi.io.NoSpace;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.WorkDirectory;
import dev.mkddi.pgp.OpenPgpSigner;
import dev.mkddi.sidecar.Manifest;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityLeaves;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds a Discoverable Disk Image from a description: the only orchestrator. It reads like the
 * recipe it is — prepare, load the tree, find the boot files and check the initrd, plan, write the
 * root, hash it, sign, write the ESP, write the GPT, write the update artifacts and the side files
 * — and writes every output under a temporary name, published as one set only when everything
 * succeeded ({@link Outputs#publish}), so a failure or Ctrl-C leaves nothing behind and a reader
 * never sees the image beside another build's side files. Thread-safe when the listener is (one
 * build at a time per instance is the intended use).
 */
public final class ImageBuilder {
  /**
   * The listener's step that publishes the set, named {@code "publishing <image path>"}: one unit
   * once the earlier set's side files are gone, then one per file renamed into place (the image
   * first, the manifest last). When the step is closed the whole set is in place.
   */
  public static final String PUBLISHING = "publishing";

  private final ProgressListener listener;

  /**
   * @param listener receives progress and warnings
   */
  public ImageBuilder(ProgressListener listener) {
    this.listener = listener;
  }

  /**
   * Does the part of a build's start that depends on no request, unless done: compiles the
   * description schema ({@link DescriptionLoader#prepare}) and initializes the JDK's HMAC, which
   * derives the seed's UUIDs (together about 0.13 s of one core). A caller may run it on another
   * thread while it parses its command line, so that the build, started meanwhile, finds it done or
   * waits for the rest.
   */
  public static void prepare() {
    DescriptionLoader.prepare();
    SeedDerivation.prepare();
  }

  /**
   * Builds the image.
   *
   * @param request what to build
   * @return the outputs
   * @throws dev.mkddi.io.InvalidInputException when the description, a source or a key is invalid
   * @throws IOException when reading or writing fails
   */
  public BuildResult build(BuildRequest request) throws IOException {
    BuildContext ctx = PrepareStep.run(request, listener);
    Optional<OpenPgpSigner> pgp = WriteUpdateArtifactsStep.prepare(ctx);
    DigestWarmUp.start(verityHash(ctx).newDigest());
    CreatedDirectories created = CreatedDirectories.create(request.targetDir());
    try {
      return write(request, ctx, pgp);
    } catch (IOException | RuntimeException | Error e) {
      created.removeEmpty();
      throw e;
    }
  }

  private BuildResult write(BuildRequest request, BuildContext ctx, Optional<OpenPgpSigner> pgp)
      throws IOException {
    try (Outputs outputs = new Outputs(listener);
        WorkDirectory work = WorkDirectory.create(request.targetDir(), baseName(ctx));
        TreeLoader loader = new TreeLoader()) {
      try {
        return write(ctx, outputs, work.path(), loader, pgp);
      } catch (IOException e) {
        throw NoSpace.named(e, outputs.failedFile(e, request.targetDir()));
      }
    }
  }

  /** The recipe, once the outputs and the work directory exist. */
  private BuildResult write(
      BuildContext ctx, Outputs outputs, Path work, TreeLoader loader, Optional<OpenPgpSigner> pgp)
      throws IOException {
    FileTree tree = LoadTreeStep.run(ctx, loader, work);
    TreeFiles files = new TreeFiles(tree);
    Optional<BootFiles> boot = WriteBootStep.findBootFiles(ctx, files, work);
    CheckInitrdStep.Pending initrdCheck = CheckInitrdStep.start(ctx, files, boot);
    long espMinimum = 0;
    if (boot.isPresent()) {
      String longest =
          ComposeCmdlineStep.longest(ctx, files, verityHash(ctx).digestSize()).toString();
      espMinimum = WriteBootStep.minimumSize(ctx, boot.get(), longest, work);
    }
    SplitTreeStep.Trees trees =
        SplitTreeStep.run(ctx, tree, PlanDiskStep.partitionUuids(ctx), work);
    DiskPlan planned = PlanDiskStep.run(ctx, trees, boot, espMinimum, work);
    initrdCheck.await();

    FileChannel image = outputs.create(ctx.imagePath()).channel();
    Optional<VerityLeaves> leaves = WriteRootStep.run(planned, image, listener);
    WriteVerityStep.Hashed hashed = WriteVerityStep.run(planned, image, leaves, listener);
    DiskPlan plan = hashed.plan();
    byte[] rootHash = hashed.verity().rootHash();
    String hex = Hex.encode(rootHash);
    Optional<byte[]> signature = SignStep.run(ctx, plan, image, rootHash);
    KernelCommandLine cmdline = ComposeCmdlineStep.compose(ctx, files, plan, hex);
    Optional<Path> uki = WriteBootStep.run(ctx, plan, image, boot, cmdline, outputs);
    WriteGptStep.run(plan, image);
    Instant time = ctx.sourceDateEpoch().orElse(plan.filesystem().buildTime());
    List<Manifest.Artifact> update =
        WriteUpdateArtifactsStep.run(ctx, plan, image, uki, pgp, time, outputs);
    Manifest manifest =
        WriteSideFilesStep.run(ctx, plan, image, rootHash, signature, cmdline, update, outputs);

    List<Path> done = outputs.publish(StaleSidecars.owned(ctx));
    return new BuildResult(ctx.imagePath(), hex, cmdline.toString(), done, manifest);
  }

  private static String baseName(BuildContext ctx) {
    return ctx.description().baseName();
  }

  private static VerityHash verityHash(BuildContext ctx) throws IOException {
    return VerityHash.parse(ctx.description().disk().verity().hashAlgorithm().kernelName());
  }
}
