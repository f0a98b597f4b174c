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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the literals of a regex say about the texts it finds a match in, so a cheap substring search can decide
 * for most lines before the regex runs (Loki simplifies {@code |~ "foo|bar"} and {@code |~ ".*foo.*"} the same
 * way).
 *
 * <ul>
 *   <li>{@link #exact()}: when not null, the regex finds a match in a text exactly when the text contains one of
 *       these strings (an empty string among them: every text). Only for patterns that are alternations and
 *       concatenations of literals, optional parts, groups and a leading or trailing {@code .*}.</li>
 *   <li>{@link #all()}: every match contains each of these (for {@code error.*timeout}: {@code error},
 *       {@code timeout}), so a text without one of them has no match.</li>
 *   <li>{@link #any()}: every match contains at least one of these (for {@code (GET|POST) /\d+}: {@code GET},
 *       {@code POST}); empty when nothing is known.</li>
 * </ul>
 *
 * <p>With {@link #ignoreCase()} ({@code (?i)} before everything) the strings compare case-insensitively and are
 * only a necessary condition: {@link #exact()} is then null and the regex still decides. A pattern that mixes
 * folded and exact letters, or that this reading does not know, yields nothing. Immutable.
 *
 * @param exact strings whose containment decides the match, or null
 * @param all strings every match contains
 * @param any strings every match contains one of, or empty
 * @param ignoreCase whether the strings compare case-insensitively
 */
public record RegexLiterals(
    List<String> exact, List<String> all, List<String> any, boolean ignoreCase) {
  /** Nothing known: every text may match. */
  public static final RegexLiterals NONE = new RegexLiterals(null, List.of(), List.of(), false);

  /** Finite sets up to this many strings are kept (Loki expands alternations the same way, within bounds). */
  private static final int MAX_SET = 64;

  public RegexLiterals {
    exact = exact == null ? null : List.copyOf(exact);
    all = List.copyOf(all);
    any = List.copyOf(any);
  }

  /** The literals of {@code regex} for unanchored matching (find); {@link #NONE} when nothing is known. */
  public static RegexLiterals of(String regex) {
    RegexTree.Parsed parsed;
    try {
      parsed = RegexTree.parse(regex);
    } catch (RegexTree.TooDeepException e) {
      return NONE;
    }
    return of(parsed.root());
  }

  static RegexLiterals of(Node root) {
    int[] letters = new int[2];
    countLetters(root, letters);
    boolean folded = letters[1] > 0;
    if (folded && letters[0] > 0) {
      return NONE;
    }
    Facts facts = facts(root);
    Set<String> exact = findExact(root);
    List<String> all = new ArrayList<>(facts.all);
    Set<String> anySet = facts.any;
    if (folded && exact != null) {
      // under (?i) a set of literals only pre-filters: the regex decides
      if (exact.size() == 1) {
        all.add(exact.iterator().next());
      } else {
        anySet = exact;
      }
      exact = null;
    }
    all.removeIf(String::isEmpty);
    all.sort(Comparator.comparingInt(String::length).reversed());
    List<String> any = anySet == null || anySet.contains("") ? List.of() : List.copyOf(anySet);
    if (folded) {
      all.removeIf(s -> !isAscii(s));
      if (any.stream().anyMatch(s -> !isAscii(s))) {
        any = List.of();
      }
    }
    if (exact == null && all.isEmpty() && any.isEmpty()) {
      return NONE;
    }
    return new RegexLiterals(exact == null ? null : List.copyOf(exact), all, any, folded);
  }

  /**
   * For anchored matching of the whole text (label matchers): the texts the regex matches when they are finitely
   * many, or null.
   */
  public static Set<String> fullMatchSet(String regex) {
    try {
      RegexTree.Parsed parsed = RegexTree.parse(regex);
      int[] letters = new int[2];
      countLetters(parsed.root(), letters);
      return letters[1] > 0 ? null : facts(parsed.root()).exact;
    } catch (RegexTree.TooDeepException e) {
      return null;
    }
  }

  /** Whether {@code text} may contain a match: false only when the literals rule a match out. */
  public boolean mayMatch(String text) {
    if (exact != null) {
      return containsAny(text, exact, false);
    }
    for (String literal : all) {
      if (!contains(text, literal, ignoreCase)) {
        return false;
      }
    }
    return any.isEmpty() || containsAny(text, any, ignoreCase);
  }

  /** Whether {@link #mayMatch} alone decides, without the regex. */
  public boolean isExact() {
    return exact != null;
  }

  /** Whether the literals can rule anything out. */
  public boolean isEmpty() {
    return exact == null && all.isEmpty() && any.isEmpty();
  }

  /**
   * Strings every matching text contains, compared case-sensitively, for a store that searches its bytes for them
   * before building lines (the longest first); empty under {@code (?i)}.
   */
  public List<String> requiredSubstrings() {
    if (ignoreCase) {
      return List.of();
    }
    if (exact != null) {
      return exact.size() == 1 && !exact.getFirst().isEmpty() ? exact : List.of();
    }
    return all;
  }

  private static boolean containsAny(String text, List<String> literals, boolean ignoreCase) {
    for (String literal : literals) {
      if (contains(text, literal, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Case-insensitive search with Java's per-character folding, which accepts at least what RE2's simple case
   * folding does for ASCII literals (K also matches the Kelvin sign, s the long s): a necessary condition only.
   */
  static boolean contains(String text, String literal, boolean ignoreCase) {
    return ignoreCase ? indexOfIgnoreCase(text, literal, 0) >= 0 : text.contains(literal);
  }

  /**
   * The first place at or after {@code from} where {@code text} holds {@code literal} with Java's per-character
   * case folding (char by char: the place spans as many chars as the literal), or -1.
   */
  static int indexOfIgnoreCase(String text, String literal, int from) {
    int length = literal.length();
    if (length == 0) {
      return Math.min(Math.max(from, 0), text.length());
    }
    char first = literal.charAt(0);
    char upper = Character.toUpperCase(first);
    char lower = Character.toLowerCase(first);
    boolean letter = upper != lower;
    for (int i = Math.max(from, 0), last = text.length() - length; i <= last; i++) {
      char c = text.charAt(i);
      if ((c == upper || c == lower || (letter && c > 127))
          && text.regionMatches(true, i, literal, 0, length)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }

  /** letters[0]: letters matched exactly; letters[1]: letters under (?i). */
  private static void countLetters(Node node, int[] letters) {
    switch (node) {
      case Literal literal -> {
        int cp = literal.codePoint();
        if (Character.toUpperCase(cp) != Character.toLowerCase(cp) || Character.isLetter(cp)) {
          letters[literal.foldCase() ? 1 : 0]++;
        }
      }
      case Group group -> countLetters(group.sub(), letters);
      case Repeat repeat -> countLetters(repeat.sub(), letters);
      case Concat concat -> concat.parts().forEach(part -> countLetters(part, letters));
      case Alternate alternate ->
          alternate.branches().forEach(branch -> countLetters(branch, letters));
      default -> {}
    }
  }

  /** The exact set for find: a leading or trailing {@code .*} may match the empty string, so it is dropped. */
  private static Set<String> findExact(Node node) {
    return switch (node) {
      case Group group -> findExact(group.sub());
      case Alternate alternate -> {
        Set<String> union = new LinkedHashSet<>();
        for (Node branch : alternate.branches()) {
          Set<String> set = findExact(branch);
          if (set == null) {
            yield null;
          }
          union.addAll(set);
        }
        yield union.size() > MAX_SET ? null : union;
      }
      case Concat concat -> {
        List<Node> parts = concat.parts();
        int from = 0;
        int to = parts.size();
        while (from < to && isDotStar(parts.get(from))) {
          from++;
        }
        while (to > from && isDotStar(parts.get(to - 1))) {
          to--;
        }
        yield facts(new Concat(parts.subList(from, to))).exact;
      }
      default -> isDotStar(node) ? Set.of("") : facts(node).exact;
    };
  }

  private static boolean isDotStar(Node node) {
    Node inner = node;
    while (inner instanceof Group group) {
      inner = group.sub();
    }
    return inner instanceof Repeat repeat
        && repeat.min() == 0
        && repeat.max() == -1
        && repeat.sub() instanceof CharSet set
        && set.dot();
  }

  /**
   * @param exact the node's whole language when finite and small, else null
   * @param all strings each of its matches contains
   * @param any strings each of its matches contains one of, or null
   */
  private record Facts(Set<String> exact, List<String> all, Set<String> any) {
    static final Facts UNKNOWN = new Facts(null, List.of(), null);
  }

  private static Facts facts(Node node) {
    return switch (node) {
      case Literal literal ->
          new Facts(Set.of(Character.toString(literal.codePoint())), List.of(), null);
      case CharSet set -> Facts.UNKNOWN;
      case Assertion assertion -> Facts.UNKNOWN;
      case Group group -> facts(group.sub());
      case Repeat repeat -> repeat(repeat);
      case Concat concat -> concat(concat.parts());
      case Alternate alternate -> alternate(alternate.branches());
    };
  }

  private static Facts repeat(Repeat repeat) {
    Facts sub = facts(repeat.sub());
    if (repeat.min() == 1 && repeat.max() == 1) {
      return sub;
    }
    if (repeat.min() == 0 && repeat.max() == 1) {
      if (sub.exact == null || sub.exact.size() >= MAX_SET) {
        return Facts.UNKNOWN;
      }
      Set<String> optional = new LinkedHashSet<>(sub.exact);
      optional.add("");
      return new Facts(optional, List.of(), null);
    }
    if (repeat.min() == 0) {
      return Facts.UNKNOWN;
    }
    if (repeat.min() == repeat.max() && sub.exact != null && repeat.min() <= 16) {
      Set<String> product = Set.of("");
      for (int i = 0; i < repeat.min() && product != null; i++) {
        product = product(product, sub.exact);
      }
      if (product != null) {
        return new Facts(product, List.of(), null);
      }
    }
    // at least one copy: what one copy must contain, every match contains
    List<String> all = new ArrayList<>(sub.all);
    Set<String> any = sub.any;
    if (sub.exact != null) {
      if (sub.exact.size() == 1) {
        all.add(sub.exact.iterator().next());
      } else {
        any = sub.exact;
      }
    }
    return new Facts(null, all, any);
  }

  private static Facts concat(List<Node> parts) {
    List<String> all = new ArrayList<>();
    Set<String> any = null;
    Set<String> run = Set.of("");
    boolean allExact = true;
    for (Node part : parts) {
      Facts facts = facts(part);
      if (facts.exact != null) {
        Set<String> extended = product(run, facts.exact);
        if (extended != null) {
          run = extended;
          continue;
        }
        any = better(any, closeRun(run, all));
        run = facts.exact;
        allExact = false;
        continue;
      }
      allExact = false;
      any = better(any, closeRun(run, all));
      run = Set.of("");
      all.addAll(facts.all);
      any = better(any, facts.any);
    }
    if (allExact) {
      return new Facts(run, List.of(), null);
    }
    any = better(any, closeRun(run, all));
    return new Facts(null, all, any);
  }

  /** Adds a run that is one string to {@code all}; returns a run of several strings as an "any" candidate. */
  private static Set<String> closeRun(Set<String> run, List<String> all) {
    if (run.size() == 1) {
      String only = run.iterator().next();
      if (!only.isEmpty()) {
        all.add(only);
      }
      return null;
    }
    return run.contains("") ? null : run;
  }

  /** The more selective of two "any" sets: the one whose shortest member is longer. */
  private static Set<String> better(Set<String> a, Set<String> b) {
    if (a == null || a.contains("")) {
      return b;
    }
    if (b == null || b.contains("")) {
      return a;
    }
    return shortestLength(b) > shortestLength(a) ? b : a;
  }

  private static int shortestLength(Set<String> set) {
    return set.stream().mapToInt(String::length).min().orElse(0);
  }

  private static Facts alternate(List<Node> branches) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> any = new LinkedHashSet<>();
    for (Node branch : branches) {
      Facts facts = facts(branch);
      if (exact != null) {
        if (facts.exact == null) {
          exact = null;
        } else {
          exact.addAll(facts.exact);
          if (exact.size() > MAX_SET) {
            exact = null;
          }
        }
      }
      if (any != null) {
        Set<String> pick = pick(facts);
        if (pick == null) {
          any = null;
        } else {
          any.addAll(pick);
        }
      }
    }
    if (exact != null) {
      return new Facts(exact, List.of(), null);
    }
    return new Facts(null, List.of(), any == null || any.size() > MAX_SET ? null : any);
  }

  /** Strings one of which each match of a branch contains, or null. */
  private static Set<String> pick(Facts facts) {
    if (facts.exact != null) {
      return facts.exact.contains("") ? null : facts.exact;
    }
    if (!facts.all.isEmpty()) {
      return Set.of(facts.all.stream().max(Comparator.comparingInt(String::length)).orElseThrow());
    }
    return facts.any == null || facts.any.contains("") ? null : facts.any;
  }

  /** Every concatenation of a member of {@code a} and one of {@code b}, or null when there would be too many. */
  private static Set<String> product(Set<String> a, Set<String> b) {
    if ((long) a.size() * b.size() > MAX_SET) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String x : a) {
      for (String y : b) {
        out.add(x + y);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "RegexLiterals[exact=%s, all=%s, any=%s, ignoreCase=%s]",
        exact,
        all,
        any,
        ignoreCase);
  }
}
