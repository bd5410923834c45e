package dev.mkddi.description;

import java.util.ArrayList;
import java.util.List;

/** Collects warnings and problems while a description is read. Not thread-safe. */
final class Findings {
  final List<Diagnostic> warnings = new ArrayList<>();
  final List<Diagnostic> problems = new ArrayList<>();

  void warn(Location at, String message) {
    warnings.add(new Diagnostic(at, message));
  }

  void problem(Location at, String message) {
    problems.add(new Diagnostic(at, message));
  }
}
