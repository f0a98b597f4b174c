package io.tracemate.common.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random patterns of a small grammar of RE2 syntax (literal runs, classes, {@code .}, assertions, counted and open
 * repetition, alternation, capturing, non-capturing and {@code (?i:)} groups, leading flags), each with a sampler of
 * texts it likely matches, so property tests see matches and near misses rather than mostly misses. The samples are
 * only a bias: RE2/J decides what matches. Not thread-safe (one random source).
 */
final class RandomRegex {
  private final SplittableRandom random;

  RandomRegex(SplittableRandom random) {
    this.random = random;
  }

  /** A generated pattern: its source and a way to produce texts around its language. */
  interface Node {
    String regex();

    void sample(SplittableRandom random, StringBuilder out);
  }

  private record Text(String regex, String spelled) implements Node {
    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      out.append(spelled);
    }
  }

  /** A class, and characters in it (and some near it). */
  private record Chars(String regex, String members) implements Node {
    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      out.appendCodePoint(
          members.codePoints().toArray()[random.nextInt((int) members.codePoints().count())]);
    }
  }

  private record Assert(String regex) implements Node {
    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      if (random.nextInt(4) == 0) {
        out.append(random.nextBoolean() ? " " : "\n");
      }
    }
  }

  private record Seq(List<Node> parts) implements Node {
    @Override
    public String regex() {
      StringBuilder out = new StringBuilder();
      parts.forEach(part -> out.append(part.regex()));
      return out.toString();
    }

    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      parts.forEach(part -> part.sample(random, out));
    }
  }

  private record Or(Node left, Node right) implements Node {
    @Override
    public String regex() {
      return left.regex() + "|" + right.regex();
    }

    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      (random.nextBoolean() ? left : right).sample(random, out);
    }
  }

  private record Grouped(String open, Node sub) implements Node {
    @Override
    public String regex() {
      return open + sub.regex() + ")";
    }

    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      sub.sample(random, out);
    }
  }

  /** {@code max} -1 for unbounded. */
  private record Repeated(Node sub, String quantifier, int min, int max) implements Node {
    @Override
    public String regex() {
      return sub.regex() + quantifier;
    }

    @Override
    public void sample(SplittableRandom random, StringBuilder out) {
      int top = max < 0 ? min + 3 : Math.min(max, min + 3);
      int count = random.nextInt(min, top + 1);
      for (int i = 0; i < count; i++) {
        sub.sample(random, out);
      }
    }
  }

  private static final String LITERALS = "abcxzK12.-:s é";
  private static final String[][] CLASSES = {
    {".", "a😀 .\u212A"},
    {"[a-c]", "abcd"},
    {"[0-9]", "0159a"},
    {"[^a]", "bx1 😀a"},
    {"\\d", "0379x"},
    {"\\w", "aZ_9-"},
    {"\\s", " \n\t"},
    {"[kK]", "kK\u212Ax"},
    {"\\pL", "aZéſ1"}
  };
  private static final String[] ASSERTIONS = {"^", "$", "\\b", "\\B", "\\A", "\\z"};
  private static final String OTHERS = "abcxzABCXZ12.-K :s\n\u212Aſ9😀éÉ";

  Node pattern() {
    Node body = alternation(0);
    String flags =
        switch (random.nextInt(8)) {
          case 0 -> "(?i)";
          case 1 -> "(?s)";
          case 2 -> "(?m)";
          default -> "";
        };
    return flags.isEmpty() ? body : new Seq(List.of(new Text(flags, ""), body));
  }

  /** A text around {@code node}'s language: samples among random characters, sometimes with one edit. */
  String text(Node node) {
    StringBuilder out = new StringBuilder();
    int samples = random.nextInt(4);
    for (int i = 0; i <= samples; i++) {
      int noise = random.nextInt(6);
      for (int k = 0; k < noise; k++) {
        out.appendCodePoint(
            OTHERS.codePoints().toArray()[random.nextInt((int) OTHERS.codePoints().count())]);
      }
      if (i < samples) {
        node.sample(random, out);
      }
    }
    if (out.length() > 0 && random.nextInt(3) == 0) {
      int at = random.nextInt(out.length());
      if (random.nextBoolean()) {
        out.deleteCharAt(at); // may split a surrogate pair: lone surrogates are text too
      } else {
        out.setCharAt(at, OTHERS.charAt(random.nextInt(OTHERS.length())));
      }
    }
    return out.toString();
  }

  private Node alternation(int depth) {
    Node concat = concat(depth);
    return random.nextInt(6) == 0 ? new Or(concat, concat(depth)) : concat;
  }

  private Node concat(int depth) {
    List<Node> parts = new ArrayList<>();
    int items = random.nextInt(1, 6);
    for (int i = 0; i < items; i++) {
      Node atom = atom(depth);
      parts.add(!(atom instanceof Assert) && random.nextInt(3) == 0 ? repeated(atom) : atom);
    }
    return parts.size() == 1 ? parts.getFirst() : new Seq(parts);
  }

  private Node atom(int depth) {
    int kind = random.nextInt(10);
    if (kind < 4) {
      StringBuilder regex = new StringBuilder();
      StringBuilder spelled = new StringBuilder();
      int length = random.nextInt(1, 4);
      for (int i = 0; i < length; i++) {
        char c = LITERALS.charAt(random.nextInt(LITERALS.length()));
        regex.append(c == '.' ? "\\." : String.valueOf(c));
        spelled.append(c);
      }
      if (random.nextInt(20) == 0) {
        regex.append("😀");
        spelled.append("😀");
      }
      return new Text(regex.toString(), spelled.toString());
    }
    if (kind < 7) {
      String[] chars = CLASSES[random.nextInt(CLASSES.length)];
      return new Chars(chars[0], chars[1]);
    }
    if (kind < 8) {
      return new Assert(ASSERTIONS[random.nextInt(ASSERTIONS.length)]);
    }
    if (depth >= 2) {
      return new Text("x", "x");
    }
    String open =
        switch (random.nextInt(3)) {
          case 0 -> "(";
          case 1 -> "(?:";
          default -> "(?i:";
        };
    return new Grouped(open, alternation(depth + 1));
  }

  private Node repeated(Node single) {
    Node atom =
        single instanceof Text text && text.spelled().codePointCount(0, text.spelled().length()) > 1
            ? new Grouped("(?:", single)
            : single;
    return switch (random.nextInt(8)) {
      case 0 -> new Repeated(atom, "?", 0, 1);
      case 1 -> new Repeated(atom, "*", 0, -1);
      case 2 -> new Repeated(atom, "+", 1, -1);
      case 3 -> {
        int count = random.nextInt(0, 4);
        yield new Repeated(atom, "{" + count + "}", count, count);
      }
      case 4 -> {
        int min = random.nextInt(0, 3);
        int max = min + random.nextInt(0, 4);
        yield new Repeated(atom, "{" + min + "," + max + "}", min, max);
      }
      case 5 -> {
        int min = random.nextInt(0, 3);
        yield new Repeated(atom, "{" + min + ",}", min, -1);
      }
      case 6 -> new Repeated(atom, "??", 0, 1);
      default -> new Repeated(atom, "{1}", 1, 1);
    };
  }
}
