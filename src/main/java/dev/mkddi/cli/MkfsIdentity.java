package dev.mkddi.cli;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Mixin for the label and UUID options of {@code mkddi mkfs TYPE}: {@code --label}, {@code --uuid}
 * and {@code --seed}. The writer checks the label's length for its own format.
 */
final class MkfsIdentity {
  @Option(
      names = "--label",
      paramLabel = "L",
      description = "Volume label (erofs and swap: at most 15 bytes, ext4: 16).")
  String label = "";

  @Option(
      names = "--uuid",
      paramLabel = "UUID",
      converter = UuidText.Converter.class,
      description = "The UUID (8-4-4-4-12 hex digits).")
  @Nullable UUID uuid;

  @Option(
      names = "--seed",
      paramLabel = "UUID",
      converter = UuidText.Converter.class,
      description =
          "Derive the UUID (ext4: and the directory hash seed) from this seed and the label"
              + " instead of the tree.")
  @Nullable UUID seed;
}
