package dev.mkddi.builder;

import dev.mkddi.initrd.InitrdContents;
import dev.mkddi.io.InvalidInputException;
import dev.mkddi.io.Tasks;
import dev.mkddi.tree.RegularFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.FutureTask;
import org.jspecify.annotations.Nullable;

/**
 * Refuses an initrd that cannot open the image's root ({@link InitrdRequirements}), before any
 * output is written. Reading a compressed initrd takes about a second, so the check runs on its own
 * thread while the disk is planned and {@link Pending#await} collects its verdict just before the
 * image file is created. The kernel's built-in modules come from the root tree's {@code
 * /usr/lib/modules/KVER/modules.builtin}. Stateless; a {@link Pending} is used by one thread.
 */
final class CheckInitrdStep {
  /** {@code modules.builtin} is a few KiB; a larger one is not read. */
  private static final long BUILTIN_MAX = 1 << 20;

  private CheckInitrdStep() {}

  /** A check under way; {@link #await} returns when it passed and throws its refusal. */
  interface Pending {
    /** No check: no initrd, or {@code --no-initrd-check}. */
    Pending NONE = () -> {};

    /**
     * @throws InvalidInputException when the initrd cannot open the root
     * @throws IOException when it cannot be read
     */
    void await() throws IOException;
  }

  /**
   * Starts the check of the boot files' initrd.
   *
   * @param ctx the build context
   * @param tree the root tree (the kernel's {@code modules.builtin})
   * @param boot the boot files, if the image boots
   * @return the check under way
   */
  static Pending start(BuildContext ctx, TreeFiles tree, Optional<BootFiles> boot) {
    if (boot.isEmpty() || !ctx.request().initrdCheck()) {
      return Pending.NONE;
    }
    BootFiles b = boot.get();
    FutureTask<Optional<String>> task = new FutureTask<>(() -> problem(ctx, tree, b));
    Thread t = new Thread(task, "mkddi-initrd-check");
    t.setDaemon(true);
    t.start();
    return () -> {
      Optional<String> problem = Tasks.await(task, "initrd check");
      if (problem.isPresent()) {
        throw new InvalidInputException(problem.get());
      }
    };
  }

  private static Optional<String> problem(BuildContext ctx, TreeFiles tree, BootFiles boot)
      throws IOException {
    Optional<InitrdContents> c =
        InitrdRequirements.read(boot.initrd(), boot.initrdName(), ctx.listener());
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Optional<Set<String>> builtin = kernelBuiltins(tree, boot.kernelVersion());
    boolean modulesKnown = builtin.isPresent() || !c.get().builtinModules().isEmpty();
    return InitrdRequirements.problem(
        ctx.description(), c.get(), builtin.orElse(Set.of()), modulesKnown, boot.initrdName());
  }

  private static Optional<Set<String>> kernelBuiltins(TreeFiles tree, @Nullable String kver)
      throws IOException {
    if (kver == null) {
      return Optional.empty();
    }
    Optional<RegularFile> f = tree.file(KernelDiscovery.MODULES + "/" + kver + "/modules.builtin");
    if (f.isEmpty() || f.get().content().size() > BUILTIN_MAX) {
      return Optional.empty();
    }
    return Optional.of(
        InitrdContents.builtinModules(new ByteArrayInputStream(TreeFiles.read(f.get()))));
  }
}
