package dev.mkddi.description;

import dev.mkddi.io.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads an image description: finds the file (kiwi's lookup), parses it with positions, expands
 * {@code <include>}, upgrades old schema versions, rejects names neither kiwi nor mkddi knows,
 * validates against {@code mkddi.xsd}, selects profiles and the {@code <type>}, and resolves
 * everything into an {@link ImageDescription} with its warnings and problems. Warnings also go to
 * the listener. Stateless and thread-safe.
 */
public final class DescriptionLoader {
  /** Scripts kiwi runs in a chroot; mkddi runs none of them. */
  private static final List<String> SCRIPTS =
      List.of(
          "post_bootstrap.sh",
          "config.sh",
          "images.sh",
          "pre_disk_sync.sh",
          "disk.sh",
          "config-overlay.sh",
          "config-host-overlay.sh");

  private DescriptionLoader() {}

  /**
   * Does the part of {@link #load} that depends on no description, unless done: compiles {@code
   * mkddi.xsd} (about a tenth of a second). A command may call it on another thread while it parses
   * its command line; a load started meanwhile waits for it.
   */
  public static void prepare() {
    SchemaValidator.ensureCompiled();
  }

  /**
   * Loads a description with default options apart from those given.
   *
   * @param dirOrFile a description directory or file
   * @param profiles profiles to select (empty: those marked {@code import="true"})
   * @param strict whether every warning (such as ignored kiwi vocabulary) is an error
   * @param arch the target architecture in {@code uname -m} spelling
   * @param listener receives the warnings
   * @return the resolved description; check {@link ImageDescription#problems()}
   * @throws DescriptionException when the description cannot be read or is invalid
   * @throws IOException when a file cannot be read
   */
  public static ImageDescription load(
      Path dirOrFile, List<String> profiles, boolean strict, String arch, ProgressListener listener)
      throws IOException {
    return load(
        dirOrFile, LoadOptions.forArch(arch).withProfiles(profiles).withStrict(strict), listener);
  }

  /**
   * Loads a description.
   *
   * @param dirOrFile a description directory or file
   * @param options profiles, strictness, target architecture, signing overrides
   * @param listener receives the warnings
   * @return the resolved description; check {@link ImageDescription#problems()}
   * @throws DescriptionException when the description cannot be read or is invalid
   * @throws IOException when a file cannot be read
   */
  public static ImageDescription load(
      Path dirOrFile, LoadOptions options, ProgressListener listener) throws IOException {
    Path file = findFile(dirOrFile);
    Path dir = file.getParent() != null ? file.getParent() : Path.of(".");
    XmlElement parsed = DescriptionParser.parse(file);
    VocabularyCheck vocabulary = new VocabularyCheck(Vocabulary.KIWI_AND_MKDDI);
    if (!parsed.name().equals("image")) {
      vocabulary.requireKnown(parsed);
    }
    String writtenVersion = parsed.value("schemaversion").orElse("").strip();
    XmlElement image = SchemaUpgrade.upgrade(Includes.expand(parsed, dir));
    vocabulary.requireKnown(image);
    SchemaValidator.validate(image);

    Findings findings = new Findings();
    Selection selection = Selection.select(image, options.profiles(), options.arch(), findings);
    findings.warnings.addAll(vocabulary.ignored(image, selection.unselected));
    for (String script : SCRIPTS) {
      if (Files.exists(dir.resolve(script))) {
        findings.warn(
            Location.of(dir.resolve(script)),
            script
                + " ignored: mkddi runs no"
                + " scripts inside the image; put their results into the prepared root (--root)"
                + " or the root overlay");
      }
    }

    String name = image.value("name").orElseThrow().strip();
    XmlElement versionElement =
        selection
            .version()
            .orElseThrow(
                () ->
                    new DescriptionException(
                        image.location(),
                        "no <version> in the selected <preferences>: the output file name"
                            + " needs one"));
    String version = versionElement.text().strip();
    DescriptionRules.checkVersion(version, versionElement.location(), findings);
    DiskSpec disk =
        new TypeReader(
                selection.type,
                dir,
                options,
                DiskLayout.generatedLabels(name, version, options.arch()),
                findings)
            .read();
    DiskLayout layout = DiskLayout.of(disk, name, version, options.arch());
    DescriptionRules.checkUkiVersion(version, disk, versionElement.location(), findings);
    DescriptionRules.checkUpdateVersion(version, disk, versionElement.location(), findings);
    DescriptionRules.checkNames(
        ImageDescription.baseName(name, options.arch().unameName(), version),
        options.arch(),
        disk,
        layout,
        image.attribute("name").orElseThrow().location(),
        findings);
    List<RootSource> sources =
        RootSources.collect(selection, dir, options.preparedRoot(), findings);
    DescriptionRules.checkRootContent(sources, image.location(), findings);
    DescriptionRules.checkFits(
        layout,
        disk,
        selection.type.child("size").map(XmlElement::location).orElse(selection.type.location()),
        findings);

    inDocumentOrder(findings.warnings);
    if (options.strict() && !findings.warnings.isEmpty()) {
      Diagnostic w = findings.warnings.get(0);
      throw new DescriptionException(w.location(), w.message() + " (an error with --strict)");
    }
    for (Diagnostic w : findings.warnings) {
      listener.warn(w.toLineString());
    }
    return new ImageDescription(
        name,
        image.value("displayname").orElse(name),
        version.isEmpty() ? "0" : version,
        file,
        dir,
        writtenVersion,
        options.arch(),
        selection.profiles,
        disk,
        sources,
        findings.warnings,
        findings.problems);
  }

  /** Sorts warnings by position, files in order of first appearance (stable). */
  private static void inDocumentOrder(List<Diagnostic> warnings) {
    List<Path> files = new ArrayList<>();
    for (Diagnostic d : warnings) {
      if (!files.contains(d.location().file())) {
        files.add(d.location().file());
      }
    }
    warnings.sort(
        Comparator.comparingInt((Diagnostic d) -> files.indexOf(d.location().file()))
            .thenComparingInt(d -> d.location().line())
            .thenComparingInt(d -> d.location().column()));
  }

  /**
   * kiwi's lookup: a file given directly, else {@code config.xml}, {@code image/config.xml}, then
   * the first {@code *.kiwi} in name order.
   *
   * @param given a description directory or file
   * @return the description file, its path normalised
   * @throws DescriptionException when there is none
   * @throws IOException when the directory cannot be listed
   */
  public static Path findFile(Path given) throws IOException {
    Path dirOrFile = given.normalize(); // messages name a/b, never a/../a/b
    if (Files.isRegularFile(dirOrFile)) {
      return dirOrFile;
    }
    if (!Files.isDirectory(dirOrFile)) {
      throw new DescriptionException(
          Location.of(dirOrFile), "no such description file or directory");
    }
    for (Path candidate :
        List.of(
            dirOrFile.resolve("config.xml"), dirOrFile.resolve("image").resolve("config.xml"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    try (Stream<Path> files = Files.list(dirOrFile)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".kiwi"))
          .filter(Files::isRegularFile)
          .sorted()
          .findFirst()
          .orElseThrow(
              () ->
                  new DescriptionException(
                      Location.of(dirOrFile),
                      "no config.xml," + " image/config.xml or *.kiwi description here"));
    }
  }
}
