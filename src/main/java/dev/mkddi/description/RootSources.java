package dev.mkddi.description;

import dev.mkddi.io.Excerpt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the root content of a description in the order the build applies it: the archives of the
 * selected {@code <packages>} sections (bootstrap first, then image and oem), then the overlay
 * ({@code root/}, else {@code root.tar.gz}), then one directory per selected profile. Missing
 * archives are problems. A prepared root ({@code --root}, as {@code kiwi-ng system prepare} or
 * mmdebstrap leave it) takes the place of the archives and of {@code root.tar.gz}; the {@code
 * root/} overlay and the profile directories still apply on top, as kiwi applies them. Stateless.
 */
final class RootSources {
  private RootSources() {}

  static List<RootSource> collect(
      Selection selection, Path dir, Optional<Path> preparedRoot, Findings findings) {
    List<RootSource> out = new ArrayList<>();
    if (preparedRoot.isPresent()) {
      Path root = preparedRoot.get();
      if (Files.isDirectory(root)) {
        out.add(new RootSource(RootSource.Role.PREPARED_DIRECTORY, root, "/"));
      } else if (DescriptionRules.exists(
          root, Location.of(Path.of("--root")), "prepared root", findings)) {
        out.add(new RootSource(RootSource.Role.PREPARED_ARCHIVE, root, "/"));
      }
    }
    for (String phase : new String[] {"bootstrap", "image"}) {
      if (preparedRoot.isPresent()) {
        break; // the prepared root holds what the archives would have added
      }
      for (XmlElement packages : selection.packages) {
        String type = packages.value("type").orElse("").strip();
        boolean inPhase =
            phase.equals("bootstrap")
                ? type.equals("bootstrap")
                : type.equals("image") || type.equals("oem");
        if (!inPhase) {
          continue;
        }
        for (XmlElement archive : packages.children("archive")) {
          XmlAttribute name = archive.attribute("name").orElseThrow();
          Path path = dir.resolve(name.value().strip());
          DescriptionRules.exists(path, name.location(), "<archive>", findings);
          String target = archive.value("target_dir").map(String::strip).orElse("/");
          if (escapesRoot(target)) {
            XmlAttribute t = archive.attribute("target_dir").orElseThrow();
            findings.problem(
                t.location(),
                "<archive target_dir=\""
                    + Excerpt.of(t.value())
                    + "\">: '..' would escape the root");
          }
          out.add(
              new RootSource(
                  RootSource.Role.ARCHIVE, path, target.startsWith("/") ? target : "/" + target));
        }
      }
    }
    for (XmlElement packages : selection.packages) {
      String type = packages.value("type").orElse("").strip();
      if (!type.equals("bootstrap")
          && !type.equals("image")
          && !type.equals("oem")
          && !packages.children("archive").isEmpty()) {
        findings.warn(
            packages.location(),
            "<packages type=\""
                + type
                + "\"> archives ignored:"
                + " mkddi unpacks archives of type bootstrap, image and oem only");
      }
    }
    Path overlay = dir.resolve("root");
    Path overlayArchive = dir.resolve("root.tar.gz");
    if (Files.isDirectory(overlay)) {
      out.add(new RootSource(RootSource.Role.OVERLAY_DIRECTORY, overlay, "/"));
    } else if (Files.isRegularFile(overlayArchive) && preparedRoot.isEmpty()) {
      out.add(new RootSource(RootSource.Role.OVERLAY_ARCHIVE, overlayArchive, "/"));
    }
    for (String profile : selection.profiles) {
      Path p = dir.resolve(profile);
      if (Files.isDirectory(p)) {
        out.add(new RootSource(RootSource.Role.PROFILE_DIRECTORY, p, "/"));
      }
    }
    return out;
  }

  /** Whether a {@code ..} in the path goes above {@code /}. */
  private static boolean escapesRoot(String target) {
    int depth = 0;
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }
}
