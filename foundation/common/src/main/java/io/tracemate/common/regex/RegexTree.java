package io.tracemate.common.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * A lenient reading of RE2 syntax into a small tree, for two questions asked before or beside RE2/J: how large the
 * compiled program can get ({@link #size}, asked before compiling, since RE2/J expands counted repetitions and has
 * no limit of its own), and which literals a match must contain ({@link RegexLiterals}). It never rejects a pattern:
 * what it does not know becomes a one-character set, so its answers stay safe (an upper bound, literals that are
 * really required) and RE2/J gives the syntax errors. Stateless.
 */
final class RegexTree {
  /** Go's regexp nests at most this deep ({@code maxHeight}); RE2/J recurses over the tree when it compiles. */
  static final int MAX_DEPTH = 1000;

  private RegexTree() {}

  sealed interface Node {}

  /** One code point; {@code foldCase} under {@code (?i)}. */
  record Literal(int codePoint, boolean foldCase) implements Node {}

  /** One character of a set: {@code .}, a class, {@code \d}, {@code \pL}, or an escape not worth decoding. */
  record CharSet(boolean dot) implements Node {}

  /** An empty-width assertion: {@code ^ $ \b \B \A \z}. */
  record Assertion() implements Node {}

  record Concat(List<Node> parts) implements Node {}

  record Alternate(List<Node> branches) implements Node {}

  record Group(Node sub, boolean capture) implements Node {}

  /** {@code max} is -1 when unbounded. */
  record Repeat(Node sub, int min, int max) implements Node {}

  /** Thrown by {@link #parse} for nesting beyond {@link #MAX_DEPTH}. */
  static final class TooDeepException extends RuntimeException {
    TooDeepException() {
      super("expression nests too deeply", null, false, false);
    }
  }

  /** The tree of {@code regex}; {@code dotAll} is whether RE2/J compiles it with {@code DOTALL}. */
  static Parsed parse(String regex) {
    Parser parser = new Parser(regex);
    Node root = parser.alternation(0, false);
    return new Parsed(root, parser.flagsMentionDotAll);
  }

  /** @param flagsMentionDotAll whether a flag group sets or clears {@code s} (then {@code .} is not known) */
  record Parsed(Node root, boolean flagsMentionDotAll) {}

  /**
   * An upper bound of the instructions RE2/J compiles for the tree, computed as Go's parser does ({@code calcSize});
   * saturates instead of overflowing.
   */
  static long size(Node node) {
    long size =
        switch (node) {
          case Literal literal -> 1;
          case CharSet set -> 1;
          case Assertion assertion -> 1;
          case Group group -> (group.capture() ? 2 : 0) + size(group.sub());
          case Concat concat -> {
            long sum = 0;
            for (Node part : concat.parts()) {
              sum = saturated(sum + size(part));
            }
            yield sum;
          }
          case Alternate alternate -> {
            long sum = alternate.branches().size() - 1L;
            for (Node branch : alternate.branches()) {
              sum = saturated(sum + size(branch));
            }
            yield sum;
          }
          case Repeat repeat -> {
            long sub = size(repeat.sub());
            if (repeat.max() == -1) {
              yield repeat.min() == 0 ? 2 + sub : saturated(1 + multiply(repeat.min(), sub));
            }
            yield saturated(multiply(repeat.max(), sub) + repeat.max() - repeat.min());
          }
        };
    return Math.max(1, saturated(size));
  }

  /**
   * What RE2/J's parser spends on the tree's literal text: it joins the code points of a run of literals one at a
   * time by copying the run so far ({@code Parser.maybeConcat}), so a run of n costs about n²/2 copied code points;
   * this is the sum of n² over the runs (consecutive literals of one concatenation with the same case folding).
   * Saturates instead of overflowing.
   */
  static long literalRunCost(Node node) {
    return switch (node) {
      case Literal literal -> 1;
      case CharSet set -> 0;
      case Assertion assertion -> 0;
      case Group group -> literalRunCost(group.sub());
      case Repeat repeat -> literalRunCost(repeat.sub());
      case Alternate alternate -> {
        long sum = 0;
        for (Node branch : alternate.branches()) {
          sum = saturated(sum + literalRunCost(branch));
        }
        yield sum;
      }
      case Concat concat -> {
        long sum = 0;
        long run = 0;
        Boolean runFold = null;
        for (Node part : concat.parts()) {
          if (part instanceof Literal literal
              && (runFold == null || runFold == literal.foldCase())) {
            run++;
            runFold = literal.foldCase();
            continue;
          }
          sum = saturated(sum + run * run);
          run = 0;
          runFold = null;
          if (part instanceof Literal literal) {
            run = 1;
            runFold = literal.foldCase();
          } else {
            sum = saturated(sum + literalRunCost(part));
          }
        }
        yield saturated(sum + run * run);
      }
    };
  }

  /** The most character classes one sequence of the tree holds side by side (nested sequences counted apart). */
  static long mostCharSetsInSequence(Node node) {
    // Repeats of repeats ("a++++...", refused by RE2 later) may nest thousands deep: unwrap them in
    // a loop.
    while (node instanceof Repeat || node instanceof Group) {
      node = node instanceof Repeat repeat ? repeat.sub() : ((Group) node).sub();
    }
    return switch (node) {
      case Literal literal -> 0;
      case CharSet set -> 1;
      case Assertion assertion -> 0;
      case Group group -> mostCharSetsInSequence(group.sub());
      case Repeat repeat -> mostCharSetsInSequence(repeat.sub());
      case Alternate alternate ->
          alternate.branches().stream()
              .mapToLong(RegexTree::mostCharSetsInSequence)
              .max()
              .orElse(0);
      case Concat concat -> {
        long here = 0;
        long nested = 0;
        for (Node part : concat.parts()) {
          if (part instanceof CharSet) {
            here++;
          } else {
            nested = Math.max(nested, mostCharSetsInSequence(part));
          }
        }
        yield Math.max(here, nested);
      }
    };
  }

  /** The longest run of literals in the tree, for messages. */
  static long longestLiteralRun(Node node) {
    return switch (node) {
      case Literal literal -> 1;
      case CharSet set -> 0;
      case Assertion assertion -> 0;
      case Group group -> longestLiteralRun(group.sub());
      case Repeat repeat -> longestLiteralRun(repeat.sub());
      case Alternate alternate ->
          alternate.branches().stream().mapToLong(RegexTree::longestLiteralRun).max().orElse(0);
      case Concat concat -> {
        long longest = 0;
        long run = 0;
        Boolean runFold = null;
        for (Node part : concat.parts()) {
          if (part instanceof Literal literal) {
            run = runFold == null || runFold == literal.foldCase() ? run + 1 : 1;
            runFold = literal.foldCase();
          } else {
            run = 0;
            runFold = null;
            longest = Math.max(longest, longestLiteralRun(part));
          }
          longest = Math.max(longest, run);
        }
        yield longest;
      }
    };
  }

  private static long multiply(long count, long size) {
    return count != 0 && size > Long.MAX_VALUE / 4 / count ? Long.MAX_VALUE / 4 : count * size;
  }

  private static long saturated(long value) {
    return value < 0 || value > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : value;
  }

  /** Recursive descent over the pattern, one group level per call. Not thread-safe (one per parse). */
  private static final class Parser {
    private final String s;
    private int pos;
    boolean flagsMentionDotAll;

    Parser(String s) {
      this.s = s;
    }

    /** Branches up to the end or an unmatched ')' (left for the caller), with the group's fold flag. */
    Node alternation(int depth, boolean inheritedFold) {
      boolean fold = inheritedFold;
      List<Node> branches = new ArrayList<>();
      List<Node> parts = new ArrayList<>();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '|') {
          branches.add(concat(parts));
          parts = new ArrayList<>();
          pos++;
          continue;
        }
        if (c == ')') {
          if (depth > 0) {
            break;
          }
          parts.add(new Literal(c, fold)); // RE2 refuses it ("unexpected )")
          pos++;
          continue;
        }
        if (c == '(') {
          int flags = flagGroup();
          if (flags >= 0) {
            // (?flags) sets them for the rest of this group
            if ((flags & FLAG_GROUP_SETS_FOLD) != 0) {
              fold = (flags & FLAG_FOLD) != 0;
            }
            continue;
          }
          parts.add(group(depth, fold));
          continue;
        }
        if (c == '*' || c == '+' || c == '?') {
          pos++;
          int min = c == '+' ? 1 : 0;
          int max = c == '?' ? 1 : -1;
          repeat(parts, min, max, fold);
          continue;
        }
        if (c == '{') {
          int[] counts = counts();
          if (counts != null) {
            repeat(parts, counts[0], counts[1], fold);
            continue;
          }
          parts.add(new Literal(c, fold));
          pos++;
          continue;
        }
        atom(parts, fold);
      }
      branches.add(concat(parts));
      return branches.size() == 1 ? branches.getFirst() : new Alternate(List.copyOf(branches));
    }

    private static Node concat(List<Node> parts) {
      return parts.size() == 1 ? parts.getFirst() : new Concat(List.copyOf(parts));
    }

    private void repeat(List<Node> parts, int min, int max, boolean fold) {
      if (pos < s.length() && s.charAt(pos) == '?') {
        pos++; // non-greedy: the same language
      }
      if (parts.isEmpty()) {
        parts.add(
            new Literal('*', fold)); // RE2 refuses it ("missing argument to repetition operator")
        return;
      }
      int last = parts.size() - 1;
      if (parts.get(last) instanceof Repeat) {
        // "a**", "a++++...": Go and RE2/J refuse a repetition of a repetition ("invalid nested
        // repetition
        // operator"); nesting them here would only make a tree thousands deep for the size checks
        // to walk.
        return;
      }
      parts.set(last, new Repeat(parts.get(last), min, Math.max(max, -1)));
    }

    /** {@code {n}}, {@code {n,}}, {@code {n,m}} at pos (consumed), or null: then '{' is a literal, as in RE2. */
    private int[] counts() {
      int i = pos + 1;
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
      if (i == start || i >= s.length()) {
        return null;
      }
      int min = parseCount(s.substring(start, i));
      int max = min;
      if (s.charAt(i) == ',') {
        i++;
        int maxStart = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
          i++;
        }
        max = i == maxStart ? -1 : parseCount(s.substring(maxStart, i));
      }
      if (i >= s.length() || s.charAt(i) != '}') {
        return null;
      }
      pos = i + 1;
      // RE2 refuses counts over 1000 itself; cap them so the size stays an upper bound of what it
      // accepts
      return new int[] {Math.min(min, 1001), max == -1 ? -1 : Math.min(max, 1001)};
    }

    private static int parseCount(String digits) {
      return digits.length() > 5 ? 100_000 : Integer.parseInt(digits);
    }

    static final int FLAG_FOLD = 1;
    static final int FLAG_GROUP_SETS_FOLD = 2;

    /**
     * At {@code (?flags)}: consumes it and returns its effect on folding; otherwise returns -1 and consumes nothing.
     */
    private int flagGroup() {
      if (!s.startsWith("(?", pos)) {
        return -1;
      }
      Flags flags = flags(pos + 2);
      int end = flags.end();
      if (end < s.length() && s.charAt(end) == ')' && end > pos + 2) {
        pos = end + 1;
        return flags.fold() == null ? 0 : FLAG_GROUP_SETS_FOLD | (flags.fold() ? FLAG_FOLD : 0);
      }
      return -1;
    }

    /** Flags read from {@code (?flags}: where they end, and case folding on, off, or (null) left as it was. */
    private record Flags(int end, Boolean fold) {}

    /** Reads the flags {@code imsU-} from {@code from}; a {@code s} among them is noted in flagsMentionDotAll. */
    private Flags flags(int from) {
      int i = from;
      Boolean fold = null;
      boolean negated = false;
      while (i < s.length() && "imsU-".indexOf(s.charAt(i)) >= 0) {
        char flag = s.charAt(i);
        if (flag == '-') {
          negated = true;
        } else if (flag == 'i') {
          fold = !negated;
        } else if (flag == 's') {
          flagsMentionDotAll = true;
        }
        i++;
      }
      return new Flags(i, fold);
    }

    private Node group(int depth, boolean fold) {
      if (depth + 1 > MAX_DEPTH) {
        throw new TooDeepException();
      }
      boolean capture = true;
      boolean groupFold = fold;
      if (s.startsWith("(?P<", pos)
          || (s.startsWith("(?<", pos)
              && !s.startsWith("(?<=", pos)
              && !s.startsWith("(?<!", pos))) {
        int close = s.indexOf('>', pos);
        pos = close < 0 ? s.length() : close + 1;
      } else if (s.startsWith("(?", pos)) {
        capture = false;
        Flags flags = flags(pos + 2);
        if (flags.fold() != null) {
          groupFold = flags.fold();
        }
        int end = flags.end();
        // (?flags:...) or anything RE2 refuses ((?=, (?!, (?#): read on after the '?'
        pos = end < s.length() && s.charAt(end) == ':' ? end + 1 : pos + 2;
      } else {
        pos++;
      }
      Node sub = alternation(depth + 1, groupFold);
      if (pos < s.length() && s.charAt(pos) == ')') {
        pos++;
      }
      return new Group(sub, capture);
    }

    private void atom(List<Node> parts, boolean fold) {
      char c = s.charAt(pos);
      switch (c) {
        case '.' -> {
          pos++;
          parts.add(new CharSet(true));
        }
        case '^', '$' -> {
          pos++;
          parts.add(new Assertion());
        }
        case '[' -> {
          skipClass();
          parts.add(new CharSet(false));
        }
        case '\\' -> escape(parts, fold);
        default -> {
          int codePoint = s.codePointAt(pos);
          pos += Character.charCount(codePoint);
          parts.add(new Literal(codePoint, fold));
        }
      }
    }

    private void escape(List<Node> parts, boolean fold) {
      if (pos + 1 >= s.length()) {
        pos++;
        parts.add(new Literal('\\', fold)); // RE2 refuses it ("trailing backslash")
        return;
      }
      int c = s.codePointAt(pos + 1);
      pos += 1 + Character.charCount(c);
      switch (c) {
        case 'b', 'B', 'A', 'z' -> parts.add(new Assertion());
        case 'a' -> parts.add(new Literal(7, fold));
        case 'f' -> parts.add(new Literal('\f', fold));
        case 'n' -> parts.add(new Literal('\n', fold));
        case 'r' -> parts.add(new Literal('\r', fold));
        case 't' -> parts.add(new Literal('\t', fold));
        case 'v' -> parts.add(new Literal(11, fold));
        case 'p', 'P', 'x' -> {
          if (pos < s.length() && s.charAt(pos) == '{') {
            int close = s.indexOf('}', pos);
            pos = close < 0 ? s.length() : close + 1;
          } else if (c == 'x') {
            pos = Math.min(s.length(), pos + 2);
          } else if (pos < s.length()) {
            pos += Character.charCount(s.codePointAt(pos));
          }
          parts.add(new CharSet(false));
        }
        case 'Q' -> {
          int end = s.indexOf("\\E", pos);
          int stop = end < 0 ? s.length() : end;
          while (pos < stop) {
            int codePoint = s.codePointAt(pos);
            pos += Character.charCount(codePoint);
            parts.add(new Literal(codePoint, fold));
          }
          pos = end < 0 ? s.length() : end + 2;
        }
        default -> {
          if (c < 128 && !Character.isLetterOrDigit(c)) {
            parts.add(new Literal(c, fold)); // escaped punctuation is itself
          } else {
            if (c >= '0' && c <= '7') {
              while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7') {
                pos++;
              }
            }
            parts.add(new CharSet(false)); // \d \s \w \C, octal, or what RE2 refuses
          }
        }
      }
    }

    /** Past the closing ']' of the class at pos (RE2's rules: a ']' first is literal, [:name:] inside). */
    private void skipClass() {
      pos++;
      if (pos < s.length() && s.charAt(pos) == '^') {
        pos++;
      }
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
      }
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ']') {
          pos++;
          return;
        }
        if (c == '[' && s.startsWith("[:", pos)) {
          int close = s.indexOf(":]", pos + 2);
          pos = close < 0 ? pos + 1 : close + 2;
          continue;
        }
        if (c == '\\' && pos + 1 < s.length()) {
          char next = s.charAt(pos + 1);
          pos += 2;
          if ((next == 'p' || next == 'P' || next == 'x')
              && pos < s.length()
              && s.charAt(pos) == '{') {
            int close = s.indexOf('}', pos);
            pos = close < 0 ? s.length() : close + 1;
          }
          continue;
        }
        pos++;
      }
    }
  }
}
