package dev.mkddi.description;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt names: the closest candidate by edit distance (insertions, deletions,
 * substitutions and transpositions, ignoring case), if it is close enough. Stateless.
 */
final class Suggestions {
  /**
   * Longest word compared: the distance costs the product of the two lengths, and no kiwi name is
   * near this long, so a longer word is no typo of one.
   */
  static final int MAX_WORD_LENGTH = 64;

  private Suggestions() {}

  /**
   * @param word the unknown name
   * @param candidates the names that would be valid here
   * @return the closest candidate within max(2, length / 3) edits; ties go to the first in
   *     iteration order; none for words (or candidates) longer than {@link #MAX_WORD_LENGTH}
   */
  static Optional<String> closest(String word, Collection<String> candidates) {
    if (word.length() > MAX_WORD_LENGTH) {
      return Optional.empty();
    }
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      if (c.length() > MAX_WORD_LENGTH) {
        continue;
      }
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int limit = Math.max(2, word.length() / 3);
    return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /**
   * @param word the unknown name
   * @param candidates the names that would be valid here
   * @param format how to show a suggestion, e.g. {@code "<%s>"}
   * @return {@code "; did you mean X?"} or an empty string
   */
  static String didYouMean(String word, Collection<String> candidates, String format) {
    return closest(word, candidates)
        .map(s -> "; did you mean " + String.format(Locale.ROOT, format, s) + "?")
        .orElse("");
  }

  /** Optimal string alignment distance. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
