package dev.mkddi.build;

import dev.mkddi.description.LoadOptions;
import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Writes small descriptions and builds them with {@link ImageBuilder}, for tests. */
final class TestBuilds {
  static final UUID SEED = UUID.fromString("750b6cd5-c4ae-4012-a15e-7be3c29e6a47");

  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  final ProgressListener listener =
      new ProgressListener() {
        @Override
        public void warn(String message) {
          warnings.add(message);
        }
      };

  /**
   * Writes {@code dir/config.xml} with a {@code <type>} carrying {@code typeAttributes} and {@code
   * typeChildren}, and a root/ overlay with a few files.
   */
  static Path description(Path dir, String typeAttributes, String typeChildren) throws IOException {
    Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(dir.resolve("root/etc/hostname"), "test\n");
    Files.writeString(dir.resolve("root/etc/os-release"), "ID=test\nVERSION_ID=1\n");
    Files.writeString(
        dir.resolve("config.xml"),
        """
        <?xml version="1.0" encoding="utf-8"?>
        <image schemaversion="8.5" name="t">
          <description type="system">
            <author>a</author><contact>a@example.org</contact><specification>s</specification>
          </description>
          <preferences>
            <version>1.0</version>
            <type image="oem" filesystem="erofs" verity_blocks="all" %s>%s</type>
          </preferences>
        </image>
        """
            .formatted(typeAttributes, typeChildren));
    return dir;
  }

  static Path description(Path dir, String typeAttributes) throws IOException {
    return description(dir, typeAttributes, "");
  }

  BuildResult build(Path description, Path target) throws IOException {
    return build(description, target, Optional.empty(), false);
  }

  BuildResult build(Path description, Path target, Optional<java.time.Instant> epoch, boolean split)
      throws IOException {
    BuildRequest r =
        new BuildRequest(
            description,
            LoadOptions.forArch("x86_64"),
            target,
            Optional.of(SEED),
            Optional.empty(),
            epoch,
            split,
            Optional.empty());
    return new ImageBuilder(listener).build(r);
  }
}
