package io.tracemate.common.regex;

import io.tracemate.common.regex.RegexTree.Alternate;
import io.tracemate.common.regex.RegexTree.Assertion;
import io.tracemate.common.regex.RegexTree.CharSet;
import io.tracemate.common.regex.RegexTree.Concat;
import io.tracemate.common.regex.RegexTree.Group;
import io.tracemate.common.regex.RegexTree.Literal;
import io.tracemate.common.regex.RegexTree.Node;
import io.tracemate.common.regex.RegexTree.Repeat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run of literal characters that every match of a regex contains, with bounds on how far the match reaches
 * before and after it: for {@code [0-9]{4}\.[0-9]{3}ms}, {@code ms} with exactly 8 code points before and none
 * after. Around an occurrence of the run in a text, a match can only lie in a window of known size, so
 * {@link WindowedFind} runs the regex on those windows instead of the whole text.
 *
 * <p>Read from the top-level concatenation of the pattern (groups and nested concatenations flattened), where each
 * part's width is known from the tree: literals, classes and {@code .} are one code point, assertions none,
 * repetitions multiply. A width over {@value #MAX_WIDTH} code points counts as unbounded: windows that large save
 * nothing. Under {@code (?i)} only ASCII runs are used, because a case-insensitive search of the text finds exactly
 * the places RE2's simple case folding can match them at (the Kelvin sign and the long s included). Immutable.
 *
 * @param literal the run, as the text spells it (under {@code foldCase}, one spelling of it)
 * @param foldCase whether the run matches case-insensitively
 * @param minBefore fewest code points of a match before the run
 * @param maxBefore most code points of a match before the run, -1 when unbounded
 * @param maxAfter most code points of a match after the run, -1 when unbounded
 * @param assertions whether the pattern has empty-width assertions ({@code ^ $ \b \B \A \z}), which read the
 *     characters next to a window's edges
 */
record PinnedLiteral(
    String literal,
    boolean foldCase,
    int minBefore,
    int maxBefore,
    int maxAfter,
    boolean assertions) {
  /** Widths beyond this many code points count as unbounded. */
  static final int MAX_WIDTH = 4096;

  /** Windows from the longest run first (fewest occurrences), then the narrowest. */
  private static final Comparator<PinnedLiteral> BEST =
      Comparator.comparingInt((PinnedLiteral p) -> p.literal.length())
          .reversed()
          .thenComparing(p -> p.maxBefore < 0 || p.maxAfter < 0)
          .thenComparingLong(p -> (long) p.maxBefore + p.maxAfter);

  /** The best run of {@code root} to search for, or null when no run has a bounded side. */
  static PinnedLiteral of(Node root) {
    List<Node> parts = new ArrayList<>();
    flatten(root, parts);
    boolean assertions = hasAssertion(root);
    List<PinnedLiteral> candidates = new ArrayList<>();
    int i = 0;
    while (i < parts.size()) {
      int end = runEnd(parts, i);
      if (end == i) {
        i++;
        continue;
      }
      StringBuilder run = new StringBuilder();
      boolean fold = false;
      for (int k = i; k < end; k++) {
        Literal literal = (Literal) parts.get(k);
        run.appendCodePoint(literal.codePoint());
        fold |= literal.foldCase() && isLetter(literal.codePoint());
      }
      List<Node> before = parts.subList(0, i);
      List<Node> after = parts.subList(end, parts.size());
      int maxBefore = maxWidth(new Concat(before));
      int maxAfter = maxWidth(new Concat(after));
      if (maxBefore >= 0 || maxAfter >= 0) {
        candidates.add(
            new PinnedLiteral(
                run.toString(),
                fold,
                minWidth(new Concat(before)),
                maxBefore,
                maxAfter,
                assertions));
      }
      i = end;
    }
    return candidates.stream().min(BEST).orElse(null);
  }

  /**
   * The end of the run of literals starting at {@code from} ({@code from} when there is none): literals that are
   * not surrogates, and ASCII when under {@code (?i)}. A run mixing folded and exact letters is searched
   * case-insensitively, which finds every place the exact letters match too.
   */
  private static int runEnd(List<Node> parts, int from) {
    int i = from;
    while (i < parts.size() && parts.get(i) instanceof Literal literal) {
      int cp = literal.codePoint();
      if ((cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
          || (literal.foldCase() && cp > 127)) {
        break; // only ASCII is searched case-insensitively
      }
      i++;
    }
    return i;
  }

  private static boolean isLetter(int cp) {
    return Character.toUpperCase(cp) != Character.toLowerCase(cp) || Character.isLetter(cp);
  }

  /** The parts of the top-level concatenation; a group or a single repetition is its content. */
  private static void flatten(Node node, List<Node> out) {
    switch (node) {
      case Group group -> flatten(group.sub(), out);
      case Concat concat -> concat.parts().forEach(part -> flatten(part, out));
      case Repeat repeat when repeat.min() == 1 && repeat.max() == 1 -> flatten(repeat.sub(), out);
      default -> out.add(node);
    }
  }

  private static boolean hasAssertion(Node node) {
    return switch (node) {
      case Assertion assertion -> true;
      case Literal literal -> false;
      case CharSet set -> false;
      case Group group -> hasAssertion(group.sub());
      case Repeat repeat -> hasAssertion(repeat.sub());
      case Concat concat -> concat.parts().stream().anyMatch(PinnedLiteral::hasAssertion);
      case Alternate alternate ->
          alternate.branches().stream().anyMatch(PinnedLiteral::hasAssertion);
    };
  }

  /** Fewest code points a match of {@code node} spans (saturating at {@link #MAX_WIDTH} + 1). */
  static int minWidth(Node node) {
    long width =
        switch (node) {
          case Literal literal -> 1;
          case CharSet set -> 1;
          case Assertion assertion -> 0;
          case Group group -> minWidth(group.sub());
          case Repeat repeat -> (long) repeat.min() * minWidth(repeat.sub());
          case Concat concat -> {
            long sum = 0;
            for (Node part : concat.parts()) {
              sum = Math.min(sum + minWidth(part), MAX_WIDTH + 1);
            }
            yield sum;
          }
          case Alternate alternate -> {
            long min = MAX_WIDTH + 1;
            for (Node branch : alternate.branches()) {
              min = Math.min(min, minWidth(branch));
            }
            yield min;
          }
        };
    return (int) Math.min(width, MAX_WIDTH + 1);
  }

  /** Most code points a match of {@code node} spans, -1 when unbounded or over {@link #MAX_WIDTH}. */
  static int maxWidth(Node node) {
    long width =
        switch (node) {
          case Literal literal -> 1;
          case CharSet set -> 1;
          case Assertion assertion -> 0;
          case Group group -> maxWidth(group.sub());
          case Repeat repeat -> {
            int sub = maxWidth(repeat.sub());
            if (sub == 0) {
              yield 0;
            }
            yield sub < 0 || repeat.max() < 0 ? -1 : (long) repeat.max() * sub;
          }
          case Concat concat -> {
            long sum = 0;
            for (Node part : concat.parts()) {
              int width1 = maxWidth(part);
              if (width1 < 0) {
                yield -1;
              }
              sum = Math.min(sum + width1, MAX_WIDTH + 1);
            }
            yield sum;
          }
          case Alternate alternate -> {
            long max = 0;
            for (Node branch : alternate.branches()) {
              int width1 = maxWidth(branch);
              if (width1 < 0) {
                yield -1;
              }
              max = Math.max(max, width1);
            }
            yield max;
          }
        };
    return width > MAX_WIDTH ? -1 : (int) width;
  }
}
