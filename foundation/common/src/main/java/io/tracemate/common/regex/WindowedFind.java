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
 *   <li>When a match reaches a bounded distance before the literal, an occurrence whose window stands alone is one
 *       search of a compiled variant {@code \A(?s:.){a,b}(?:regex)} over it: it tries exactly the start positions
 *       a match can have there and, being anchored, stops as soon as the NFA has no thread left (the window may run
 *       to the end of the text when what follows the literal is unbounded, as in {@code status[=":]+5[0-9]{2}}).
 *       Occurrences whose windows overlap or nearly touch are one unanchored search over the span of their windows,
 *       so a frequent literal costs at most one pass over the text, not one search per occurrence.</li>
 *   <li>When the distance before is unbounded (or too wide to try each start) but the one after is not, one
 *       unanchored search from the text's start up to the end of the last occurrence's window covers every
 *       window.</li>
 *   <li>Assertions read the characters next to a position, which a window cuts off: when the pattern has any, a
 *       window that does not reach the text's edge is widened by one guard character on that side, and the variant
 *       consumes it ({@code (?s:.)} before or after the regex), so the regex itself never touches a cut edge.</li>
 * </ul>
 *
 * <p>Time stays linear in the text: occurrences closer than a window plus {@value #SEARCH_COST} characters share a
 * span, so there are never more searches than one per that many characters, whatever the literal's frequency, and
 * spans overlap only when one closes at its length limit (at least four windows), by at most a window. The windows
 * of one text are too small to read it through the cancellation's guard one by one, so the cancellation is checked
 * between them as often as a guarded match would check it. Immutable and thread-safe.
 */
final class WindowedFind {
  /** The most start positions a window tries before the literal; beyond, the variant would be too large. */
  static final int MAX_START_SPREAD = 64;

  /** The fixed cost of one search (a matcher, its machine), in characters of NFA: closer windows share a span. */
  static final int SEARCH_COST = 16;

  /** Occurrences join a span while it is shorter than this, or than four windows. */
  static final int SPAN = 256;

  private final PinnedLiteral pinned;

  /** Whether occurrences get searches of their own (else one unanchored search up to the last occurrence). */
  private final boolean perOccurrence;

  /**
   * Anchored variants, for one window, at (guard before ? 2 : 0) + (guard after ? 1 : 0), only [0] without
   * assertions; none when not per occurrence.
   */
  private final Pattern[] anchored;

  /** Unanchored variants, for a span of windows, indexed as {@link #anchored}. */
  private final Pattern[] unanchored;

  /** Instructions of the largest variant: the worst-case steps per character. */
  private final long program;

  /** Characters of the longest window (in chars, two per code point), or -1 when unbounded. */
  private final long window;

  /** How far apart the first and last occurrences of one span may be. */
  private final long longestSpan;

  private WindowedFind(
      PinnedLiteral pinned, boolean perOccurrence, Pattern[] anchored, Pattern[] unanchored) {
    this.pinned = pinned;
    this.perOccurrence = perOccurrence;
    this.anchored = anchored;
    this.unanchored = unanchored;
    long largest = 1;
    for (Pattern variant : anchored) {
      largest = Math.max(largest, variant.programSize());
    }
    for (Pattern variant : unanchored) {
      largest = Math.max(largest, variant.programSize());
    }
    this.program = largest;
    this.window =
        pinned.maxAfter() < 0
            ? -1
            : 2L * pinned.maxBefore() + pinned.literal().length() + 2L * pinned.maxAfter();
    this.longestSpan = Math.max(SPAN, 4 * window);
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
    boolean perOccurrence =
        pinned.maxBefore() >= 0 && pinned.maxBefore() - pinned.minBefore() <= MAX_START_SPREAD;
    if (!perOccurrence && pinned.maxAfter() < 0) {
      return null; // too many start positions to try per occurrence, and no end to stop at
    }
    int count = pinned.assertions() ? 4 : 1;
    Pattern[] anchored = new Pattern[perOccurrence ? count : 0];
    Pattern[] unanchored = new Pattern[count];
    try {
      for (int i = 0; i < count; i++) {
        boolean before = (i & 2) != 0;
        boolean after = (i & 1) != 0;
        if (perOccurrence) {
          anchored[i] = GoRegex.compile(variant(regex, pinned, true, before, after), whole.flags());
        }
        unanchored[i] =
            GoRegex.compile(variant(regex, pinned, false, before, after), whole.flags());
      }
    } catch (PatternSyntaxException e) {
      return null; // too large with the additions, or \Q without \E swallowing them
    }
    return new WindowedFind(pinned, perOccurrence, anchored, unanchored);
  }

  private static String variant(
      String regex,
      PinnedLiteral pinned,
      boolean anchored,
      boolean guardBefore,
      boolean guardAfter) {
    StringBuilder out = new StringBuilder(regex.length() + 40);
    int guard = guardBefore ? 1 : 0;
    if (anchored) {
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

  /**
   * Whether {@code text} contains a match of the regex.
   *
   * @throws io.tracemate.common.CancelledException when {@code cancellation} stops the work
   */
  boolean find(String text, Cancellation cancellation) {
    if (!perOccurrence) {
      int last = lastIndexOf(text);
      return last >= 0 && search(unanchored, text, 0, end(text, last), cancellation);
    }
    long unchecked = 0;
    int at = indexOf(text, 0);
    while (at >= 0) {
      // the occurrences after this one whose windows overlap or nearly touch the span so far join
      // it, up to a length
      // that lets a match early in a long run of occurrences end the search without reading them
      // all
      int last = at;
      int next = indexOf(text, at + 1);
      while (next >= 0
          && (window < 0 || (next - last <= window + SEARCH_COST && next - at <= longestSpan))) {
        last = next;
        next =
            window < 0 ? -1 : indexOf(text, next + 1); // unbounded: the span runs to the end anyway
      }
      int start = back(text, at, pinned.maxBefore());
      int end = end(text, last);
      // each window is too small to be read through the cancellation's guard, together they may
      // take long
      unchecked += (long) (end - start + SEARCH_COST) * program;
      if (unchecked >= GoRegex.STEPS_PER_CHECK) {
        cancellation.check();
        unchecked = 0;
      }
      if (search(last == at ? anchored : unanchored, text, start, end, cancellation)) {
        return true;
      }
      at = next;
    }
    return false;
  }

  /** Where the window of the occurrence at {@code at} ends. */
  private int end(String text, int at) {
    return pinned.maxAfter() < 0
        ? text.length()
        : forward(text, at + pinned.literal().length(), pinned.maxAfter());
  }

  /**
   * Runs one of {@code variants} over {@code [start, end)} of {@code text}, with a guard character where the
   * window cuts the text and the pattern has assertions.
   */
  private static boolean search(
      Pattern[] variants, String text, int start, int end, Cancellation cancellation) {
    boolean guardBefore = variants.length > 1 && start > 0;
    boolean guardAfter = variants.length > 1 && end < text.length();
    int from = guardBefore ? back(text, start, 1) : start;
    int to = guardAfter ? forward(text, end, 1) : end;
    String window = from == 0 && to == text.length() ? text : text.substring(from, to);
    return GoRegex.find(variants[guards(guardBefore, guardAfter)], window, cancellation);
  }

  private static int guards(boolean before, boolean after) {
    return (before ? 2 : 0) + (after ? 1 : 0);
  }

  private int indexOf(String text, int from) {
    return pinned.foldCase()
        ? RegexLiterals.indexOfIgnoreCase(text, pinned.literal(), from)
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
      if (i > 0
          && Character.isLowSurrogate(text.charAt(i))
          && Character.isHighSurrogate(text.charAt(i - 1))) {
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
      if (i < length
          && Character.isLowSurrogate(text.charAt(i))
          && Character.isHighSurrogate(text.charAt(i - 1))) {
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
