package dev.mkddi.description;

import dev.mkddi.gpt.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded image description resolved into one immutable build plan: what {@code mkddi build} reads
 * and {@code mkddi describe} prints. Problems (rules a build needs, such as a required signature
 * without a key) do not stop loading; {@link #validateForBuild()} refuses them. Immutable.
 *
 * @param name the image name ({@code <image name>})
 * @param displayName the display name (defaults to the name)
 * @param version the version ({@code <version>})
 * @param file the description file, as the user named it
 * @param directory the description directory (relative names resolve against it)
 * @param schemaVersion the schema version as written (before the in-memory upgrade)
 * @param arch the target architecture
 * @param profiles the selected profiles, in order
 * @param disk the {@code <type>} being built
 * @param rootSources root content, in the order to apply it
 * @param warnings kiwi vocabulary mkddi does not act on, and other remarks
 * @param problems violations that stop a build
 */
public record ImageDescription(
    String name,
    String displayName,
    String version,
    Path file,
    Path directory,
    String schemaVersion,
    Architecture arch,
    List<String> profiles,
    DiskSpec disk,
    List<RootSource> rootSources,
    List<Diagnostic> warnings,
    List<Diagnostic> problems) {

  /**
   * Checks for nulls and copies the lists.
   *
   * @throws IllegalArgumentException for a blank name or version
   */
  public ImageDescription {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(disk, "disk");
    profiles = List.copyOf(profiles);
    rootSources = List.copyOf(rootSources);
    warnings = List.copyOf(warnings);
    problems = List.copyOf(problems);
    Objects.requireNonNull(arch, "arch");
    for (String s : new String[] {name, version}) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("name and version must not be blank");
      }
    }
  }

  /**
   * @return {@code <name>.<arch>-<version>}, the base of every output file name
   */
  public String baseName() {
    return baseName(name, arch.unameName(), version);
  }

  /**
   * @param name the image name
   * @param arch the architecture in {@code uname -m} spelling
   * @return {@code <name>.<arch>-<version>}, the base of every output file name
   */
  static String baseName(String name, String arch, String version) {
    return name + "." + arch + "-" + version;
  }

  /**
   * @return {@code <name>.<arch>-<version>.raw}
   */
  public String imageFileName() {
    return baseName() + ".raw";
  }

  /**
   * @return the partitions the description asks for
   */
  public DiskLayout layout() {
    return DiskLayout.of(this);
  }

  /**
   * @param problem a problem found beyond the description itself (in a file it names)
   * @return a copy with the problem added after the others
   */
  public ImageDescription withProblem(Diagnostic problem) {
    List<Diagnostic> all = new ArrayList<>(problems);
    all.add(problem);
    return new ImageDescription(
        name,
        displayName,
        version,
        file,
        directory,
        schemaVersion,
        arch,
        profiles,
        disk,
        rootSources,
        warnings,
        all);
  }

  /**
   * Refuses a description with problems, before any work starts.
   *
   * @throws DescriptionException for the first problem, with "(and N more)" when there are more
   */
  public void validateForBuild() throws DescriptionException {
    if (problems.isEmpty()) {
      return;
    }
    Diagnostic first = problems.get(0);
    String more =
        problems.size() > 1 ? " (and " + (problems.size() - 1) + " more; see mkddi describe)" : "";
    throw new DescriptionException(first.location(), first.message() + more);
  }
}
