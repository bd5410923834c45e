package dev.mkddi.build;

import dev.mkddi.description.Bootloader;
import dev.mkddi.description.BootloaderSpec;
import dev.mkddi.description.DiskSpec;
import dev.mkddi.io.AtomicFile;
import dev.mkddi.io.ChannelIOException;
import dev.mkddi.io.Channels;
import dev.mkddi.io.CreatedDirectories;
import dev.mkddi.io.Hex;
import dev.mkddi.io.NoSpace;
import dev.mkddi.io.ProgressListener;
import dev.mkddi.io.WorkDirectory;
import dev.mkddi.sign.SignaturePartition;
import dev.mkddi.sign.Signer;
import dev.mkddi.tree.FileTree;
import dev.mkddi.tree.TreeLoader;
import dev.mkddi.verity.VerityHash;
import dev.mkddi.verity.VerityResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a Discoverable Disk Image from a description: the only orchestrator. It reads like the
 * recipe it is — prepare, load the tree, plan, write the root, hash it, sign, write the ESP, write
 * the GPT, write the side files — and writes every output under a temporary name that is renamed
 * only when everything succeeded, so a failure or Ctrl-C leaves nothing behind. Thread-safe when
 * the listener is (one build at a time per instance is the intended use).
 */
public final class ImageBuilder {
  private final ProgressListener listener;

  /**
   * @param listener receives progress and warnings
   */
  public ImageBuilder(ProgressListener listener) {
    this.listener = listener;
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
    DigestWarmUp.start(verityHash(ctx).newDigest());
    CreatedDirectories created = CreatedDirectories.create(request.targetDir());
    try {
      return write(request, ctx);
    } catch (IOException | RuntimeException | Error e) {
      created.removeEmpty();
      throw e;
    }
  }

  private BuildResult write(BuildRequest request, BuildContext ctx) throws IOException {
    List<AtomicFile> outputs = new ArrayList<>();
    try (WorkDirectory work = WorkDirectory.create(request.targetDir(), baseName(ctx));
        TreeLoader loader = new TreeLoader()) {
      FileTree tree = LoadTreeStep.run(ctx, loader, work.path());
      TreeFiles files = new TreeFiles(tree);
      Optional<BootFiles> boot = bootFiles(ctx, files, work.path());
      long espMinimum = 0;
      if (boot.isPresent()) {
        String longest = CmdlineStep.longest(ctx, files, verityHash(ctx).digestSize()).toString();
        espMinimum = EspStep.minimumSize(ctx, boot.get(), longest, work.path());
      }
      DiskPlan plan = LayoutStep.run(ctx, tree, boot, espMinimum);

      AtomicFile image = create(outputs, ctx.imagePath());
      FileChannel ch = image.channel();
      WriteImageSteps.writeRoot(plan, ch, listener);
      VerityResult verity = WriteImageSteps.writeVerity(plan, ch, listener);
      byte[] rootHash = verity.rootHash();
      String hex = Hex.encode(rootHash);
      plan = WriteImageSteps.withRootHashUuids(plan, rootHash);

      byte[] signature = sign(ctx, plan, ch, hex, rootHash);
      KernelCommandLine cmdline = CmdlineStep.compose(ctx, files, plan, hex);
      writeBoot(ctx, plan, ch, boot, cmdline, outputs);
      WriteImageSteps.writeGpt(plan, ch);

      List<Path> split = request.split() ? writeSplit(ctx, plan, ch, outputs) : null;
      write(outputs, ctx.sidecar("roothash"), hex.getBytes(StandardCharsets.US_ASCII));
      Path p7s = null;
      if (signature != null) {
        p7s = ctx.sidecar("roothash.p7s");
        write(outputs, p7s, signature);
      }
      write(
          outputs, ctx.sidecar("cmdline"), cmdline.fileContent().getBytes(StandardCharsets.UTF_8));
      Map<String, Object> manifest =
          Manifest.of(ctx, plan, rootHash, cmdline.toString(), split, p7s);
      write(outputs, ctx.sidecar("json"), Json.encode(manifest));

      List<Path> done = new ArrayList<>();
      for (int i = outputs.size() - 1; i >= 0; i--) { // the image, created first, is renamed last
        outputs.get(i).commit();
        done.add(0, outputs.get(i).target());
      }
      StaleSidecars.remove(ctx, Set.copyOf(done));
      return new BuildResult(ctx.imagePath(), hex, cmdline.toString(), done, manifest);
    } catch (IOException e) {
      throw NoSpace.named(e, failedFile(e, outputs, request.targetDir()));
    } finally {
      for (AtomicFile f : outputs) {
        f.close();
      }
    }
  }

  /**
   * The file a failure was on: the output whose channel failed (the ESP and the GPT are written
   * into the image after the UKI file is created), else the newest output, else the directory.
   */
  private static Path failedFile(IOException e, List<AtomicFile> outputs, Path targetDir) {
    if (e instanceof ChannelIOException c) {
      for (AtomicFile f : outputs) {
        if (c.isOn(f.channel())) {
          return f.temp();
        }
      }
    }
    return outputs.isEmpty() ? targetDir : outputs.get(outputs.size() - 1).temp();
  }

  private static String baseName(BuildContext ctx) {
    return ctx.description().baseName();
  }

  private static VerityHash verityHash(BuildContext ctx) throws IOException {
    return VerityHash.parse(ctx.description().disk().verity().hashAlgorithm().kernelName());
  }

  /** Boot files are needed when the image has an ESP and systemd-boot boots a UKI from it. */
  private Optional<BootFiles> bootFiles(BuildContext ctx, TreeFiles files, Path work)
      throws IOException {
    DiskSpec disk = ctx.description().disk();
    if (!disk.firmware().hasEsp()) {
      return Optional.empty();
    }
    Optional<BootloaderSpec> bl = disk.bootloader();
    if (bl.isEmpty() || bl.get().name() != Bootloader.SYSTEMD_BOOT) {
      listener.warn(
          ctx.description().file().getFileName()
              + ": firmware=\""
              + disk.firmware().kiwiName()
              + "\" without <bootloader name=\"systemd_boot\">: the ESP is left empty");
      return Optional.empty();
    }
    return Optional.of(BootFiles.find(files, bl.get().uki(), ctx.architecture(), work));
  }

  private byte[] sign(BuildContext ctx, DiskPlan plan, FileChannel ch, String hex, byte[] rootHash)
      throws IOException {
    if (ctx.signer().isEmpty()) {
      return null;
    }
    Signer signer = ctx.signer().get();
    byte[] der = signer.signRootHash(hex);
    Optional<PlannedPartition> sig = plan.find(PartitionRole.ROOT_VERITY_SIG);
    if (sig.isPresent()) {
      WriteImageSteps.writeContent(
          ch, sig.get(), SignaturePartition.encode(hex, signer.certificateFingerprint(), der));
    }
    if (ctx.description().disk().verity().embedMetadata()) {
      PlannedPartition root = plan.get(PartitionRole.ROOT);
      byte[] block =
          KiwiVerityMetadata.encode(
              "erofs",
              plan.verity(),
              rootHash,
              PrepareStep.metadataKey(signer.key()),
              SeedDerivation.bytes(ctx.seed()));
      Channels.writeFully(
          ch, ByteBuffer.wrap(block), root.offset() + root.size() - KiwiVerityMetadata.BLOCK_SIZE);
    }
    return der;
  }

  private void writeBoot(
      BuildContext ctx,
      DiskPlan plan,
      FileChannel ch,
      Optional<BootFiles> boot,
      KernelCommandLine cmdline,
      List<AtomicFile> outputs)
      throws IOException {
    Optional<PlannedPartition> esp = plan.find(PartitionRole.ESP);
    if (esp.isEmpty()) {
      return;
    }
    Instant time = ctx.sourceDateEpoch().orElse(plan.filesystem().buildTime());
    if (boot.isEmpty()) {
      EspStep.writeEmptyEsp(ctx, ch, esp.get(), plan.sectorSize(), time);
      return;
    }
    AtomicFile uki = create(outputs, ctx.sidecar("efi"));
    EspStep.writeUki(boot.get(), cmdline.toString(), uki.channel(), listener);
    EspStep.writeEsp(ctx, boot.get(), uki.temp(), ch, esp.get(), plan.sectorSize(), time);
  }

  private static List<Path> writeSplit(
      BuildContext ctx, DiskPlan plan, FileChannel image, List<AtomicFile> outputs)
      throws IOException {
    List<Path> split = new ArrayList<>();
    for (PlannedPartition p : plan.partitions()) {
      if (p.role() == PartitionRole.EMPTY_SLOT || p.role() == PartitionRole.EXTRA) {
        split.add(null);
        continue;
      }
      AtomicFile f = create(outputs, ctx.sidecar(p.splitName() + ".raw"));
      long done = 0;
      while (done < p.size()) {
        long n = image.transferTo(p.offset() + done, p.size() - done, f.channel());
        if (n <= 0) {
          throw new IOException(ctx.imagePath() + ": short read copying " + p.label());
        }
        done += n;
      }
      split.add(f.target());
    }
    return split;
  }

  private static AtomicFile create(List<AtomicFile> outputs, Path target) throws IOException {
    AtomicFile f = AtomicFile.create(target);
    outputs.add(f);
    return f;
  }

  private static void write(List<AtomicFile> outputs, Path target, byte[] content)
      throws IOException {
    AtomicFile f = create(outputs, target);
    Channels.writeFully(f.channel(), ByteBuffer.wrap(content), 0);
  }
}
