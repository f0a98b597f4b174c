package io.tracemate.common.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;

/**
 * Finds a match of a regex by running it only on windows around the occurrences of a {@link PinnedLiteral}, as
 * Hyperscan-style prefilters do: RE2/J simulates an NFA over every character it reads, so a pattern whose only
 * literals are short and frequent ({@code [0-9]{4}\.[0-9]{3}ms}) costs it the whole line, while a substring search
 * for {@code ms} and ten characters of NFA per occurrence cost little. Every match holds the literal at some
 * occurrence and lies within that occurrence's window, so searching all windows answers exactly what a search of the
 * whole text answers.
 *
 * <ul>
 *   <li>When a match reaches a bounded distance before the literal, each occurrence is one search of a compiled
 *       variant {@code \A(?s:.){a,b}(?:regex)} over the window: it tries exactly the start positions a match
 *       can have there, and, being anchored, stops as soon as the NFA has no thread left (the window may run to the
 *       end of the text when what follows the literal is unbounded, as in {@code status[=":]+5[0-9]{2}}).</li>
 *   <li>When the distance before is unbounded (or too wide to try each start) but the one after is not, one
 *       unanchored search from the text's start up to the end of the last occurrence's window covers every
 *       window.</li>
 *   <li>Assertions read the characters next to a position, which a window cuts off: when the pattern has any, a
 *       window that does not reach the text's edge is widened by one guard character on that side, and the variant
 *       consumes it ({@code (?s:.)} before or after the regex), so the regex itself never touches a cut edge.</li>
 * </ul>
 *
 * <p>Linear time stays guaranteed: the windows searched in one text may together span at most
 * {@value #BUDGET_FACTOR} times its length plus {@value #BUDGET_SLACK} characters (each search also counts
 * {@value #SEARCH_COST} for its fixed cost); past that (a literal that occurs everywhere), the rest is decided by one
 * plain search of the whole text. Immutable and thread-safe.
 */
final class WindowedFind {
  /** The most start positions a window tries before the literal; beyond, the variant would be too large. */
  static final int MAX_START_SPREAD = 64;
  static final int BUDGET_FACTOR = 2;
  static final int BUDGET_SLACK = 256;
  static final int SEARCH_COST = 16;

  private final Pattern whole;
  private final PinnedLiteral pinned;
  /** Whether each occurrence gets an anchored search (else one unanchored search up to the last occurrence). */
  private final boolean perOccurrence;
  /** Indexed by (guard before ? 2 : 0) + (guard after ? 1 : 0); only [0] without assertions. */
  private final Pattern[] variants;

  private WindowedFind(Pattern whole, PinnedLiteral pinned, boolean perOccurrence, Pattern[] variants) {
    this.whole = whole;
    this.pinned = pinned;
    this.perOccurrence = perOccurrence;
    this.variants = variants;
  }

  /**
   * The windowed search for {@code whole} (compiled from {@code regex}, whose tree is {@code root}), or null when
   * windows would not help: no literal with a bounded side, or the variants do not compile.
   */
  static WindowedFind of(String regex, RegexTree.Node root, Pattern whole) {
    PinnedLiteral pinned = PinnedLiteral.of(root);
    if (pinned == null) {
      return null;
    }
    boolean perOccurrence = pinned.maxBefore() >= 0 && pinned.maxBefore() - pinned.minBefore() <= MAX_START_SPREAD;
    if (!perOccurrence && pinned.maxAfter() < 0) {
      return null; // too many start positions to try per occurrence, and no end to stop at
    }
    Pattern[] variants = new Pattern[pinned.assertions() ? 4 : 1];
    try {
      for (int i = 0; i < variants.length; i++) {
        variants[i] = GoRegex.compile(variant(regex, pinned, perOccurrence, (i & 2) != 0, (i & 1) != 0),
            whole.flags());
      }
    } catch (PatternSyntaxException e) {
      return null; // too large with the additions, or \Q without \E swallowing them
    }
    return new WindowedFind(whole, pinned, perOccurrence, variants);
  }

  private static String variant(String regex, PinnedLiteral pinned, boolean perOccurrence, boolean guardBefore,
      boolean guardAfter) {
    StringBuilder out = new StringBuilder(regex.length() + 40);
    int guard = guardBefore ? 1 : 0;
    if (perOccurrence) {
      int spread = pinned.maxBefore() - pinned.minBefore();
      out.append("\\A");
      if (guard + spread > 0) {
        out.append("(?s:.){").append(guard).append(',').append(guard + spread).append('}');
      }
    } else if (guardBefore) {
      out.append("(?s:.)");
    }
    out.append("(?:").append(regex).append(')');
    if (guardAfter) {
      out.append("(?s:.)");
    }
    return out.toString();
  }

  /** Whether {@code text} contains a match of the regex. */
  boolean find(String text, Cancellation cancellation) {
    String literal = pinned.literal();
    int maxBefore = pinned.maxBefore();
    int maxAfter = pinned.maxAfter();
    int length = text.length();
    if (!perOccurrence) {
      int last = lastIndexOf(text);
      return last >= 0 && search(text, 0, forward(text, last + literal.length(), maxAfter), cancellation);
    }
    long budget = (long) BUDGET_FACTOR * length + BUDGET_SLACK;
    long spent = 0;
    for (int at = indexOf(text, 0); at >= 0; at = indexOf(text, at + 1)) {
      int start = back(text, at, maxBefore);
      int end = maxAfter < 0 ? length : forward(text, at + literal.length(), maxAfter);
      spent += end - start + SEARCH_COST;
      if (spent > budget) {
        return GoRegex.find(whole, text, cancellation);
      }
      if (search(text, start, end, cancellation)) {
        return true;
      }
    }
    return false;
  }

  /** Runs the variant over {@code [start, end)} of {@code text}, with a guard character where the window cuts. */
  private boolean search(String text, int start, int end, Cancellation cancellation) {
    boolean guardBefore = variants.length > 1 && start > 0;
    boolean guardAfter = variants.length > 1 && end < text.length();
    int from = guardBefore ? back(text, start, 1) : start;
    int to = guardAfter ? forward(text, end, 1) : end;
    String window = from == 0 && to == text.length() ? text : text.substring(from, to);
    Pattern variant = variants[(guardBefore ? 2 : 0) + (guardAfter ? 1 : 0)];
    return GoRegex.find(variant, window, cancellation);
  }

  private int indexOf(String text, int from) {
    return pinned.foldCase() ? RegexLiterals.indexOfIgnoreCase(text, pinned.literal(), from)
        : text.indexOf(pinned.literal(), from);
  }

  private int lastIndexOf(String text) {
    if (!pinned.foldCase()) {
      return text.lastIndexOf(pinned.literal());
    }
    int last = -1;
    for (int at = indexOf(text, 0); at >= 0; at = indexOf(text, at + 1)) {
      last = at;
    }
    return last;
  }

  /** The index {@code codePoints} code points before {@code index}, or 0 when the text starts sooner. */
  static int back(String text, int index, int codePoints) {
    int i = index;
    for (int k = 0; k < codePoints && i > 0; k++) {
      i--;
      if (i > 0 && Character.isLowSurrogate(text.charAt(i)) && Character.isHighSurrogate(text.charAt(i - 1))) {
        i--;
      }
    }
    return i;
  }

  /** The index {@code codePoints} code points after {@code index}, or the length when the text ends sooner. */
  static int forward(String text, int index, int codePoints) {
    int i = index;
    int length = text.length();
    for (int k = 0; k < codePoints && i < length; k++) {
      i++;
      if (i < length && Character.isLowSurrogate(text.charAt(i)) && Character.isHighSurrogate(text.charAt(i - 1))) {
        i++;
      }
    }
    return i;
  }

  PinnedLiteral pinned() {
    return pinned;
  }

  boolean perOccurrence() {
    return perOccurrence;
  }
}
