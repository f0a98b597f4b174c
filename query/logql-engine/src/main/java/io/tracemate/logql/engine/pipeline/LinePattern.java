package io.tracemate.logql.engine.pipeline;

import io.tracemate.common.labels.LabelNames;
import io.tracemate.logql.engine.QueryEvaluationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loki's pattern syntax, {@code <ip> - <_> [<ts>] "<method> <path> <_>"}: literals and captures ({@code <name>},
 * {@code <_>} unnamed). A capture extends to the first occurrence of the literal after it, the last one to the end
 * of the line; a leading literal must start the line. Immutable.
 */
public final class LinePattern {
  private final List<String> literals =
      new ArrayList<>(); // literal before capture i; the last after the last one
  private final List<String> names = new ArrayList<>(); // null for <_>
  private final boolean startsWithLiteral;

  private LinePattern(String pattern) {
    StringBuilder literal = new StringBuilder();
    int i = 0;
    boolean first = true;
    boolean startLiteral = false;
    boolean lastWasCapture = false;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '<') {
        int end = pattern.indexOf('>', i);
        String name = end > i ? pattern.substring(i + 1, end) : "";
        if (end > i && LabelNames.isValid(name)) {
          if (lastWasCapture && literal.isEmpty()) {
            throw new QueryEvaluationException(
                "invalid pattern \"" + pattern + "\": consecutive capture not allowed");
          }
          if (first) {
            startLiteral = !literal.isEmpty();
          }
          literals.add(literal.toString());
          literal.setLength(0);
          names.add(name.equals("_") ? null : name);
          first = false;
          lastWasCapture = true;
          i = end + 1;
          continue;
        }
      }
      literal.append(c);
      lastWasCapture = false;
      i++;
    }
    literals.add(literal.toString());
    this.startsWithLiteral = startLiteral || names.isEmpty();
  }

  /** Parses a pattern; {@code requireNamedCapture} for the pattern parser (Loki requires one). */
  public static LinePattern compile(String pattern, boolean requireNamedCapture) {
    LinePattern compiled = new LinePattern(pattern);
    if (compiled.names.isEmpty()) {
      throw new QueryEvaluationException(
          "invalid pattern \"" + pattern + "\": at least one capture is required");
    }
    if (requireNamedCapture && compiled.names.stream().allMatch(n -> n == null)) {
      throw new QueryEvaluationException(
          "invalid pattern \"" + pattern + "\": at least one named capture is required");
    }
    return compiled;
  }

  /** Capture names in order, null for {@code <_>}. */
  public List<String> names() {
    return names;
  }

  /**
   * Captured values for the named captures matched so far, in order (a capture whose following literal is missing
   * takes the rest of the line, as Loki does); empty when the leading literal does not start the line.
   */
  public List<String[]> captures(String line) {
    List<String[]> out = new ArrayList<>();
    walk(line, out);
    return out;
  }

  /** Whether the whole pattern matches: the leading literal starts the line and every later literal is found. */
  public boolean matches(String line) {
    return walk(line, null);
  }

  private boolean walk(String line, List<String[]> out) {
    if (line.isEmpty()) {
      return false;
    }
    int pos = 0;
    String lead = literals.get(0);
    if (!lead.isEmpty()) {
      if (!line.startsWith(lead)) {
        return false;
      }
      pos = lead.length();
    }
    for (int c = 0; c < names.size(); c++) {
      String next = literals.get(c + 1);
      String name = names.get(c);
      if (next.isEmpty()) {
        // last capture: the rest of the line
        if (name != null && out != null) {
          out.add(new String[] {name, line.substring(pos)});
        }
        pos = line.length();
        continue;
      }
      int found = line.indexOf(next, pos);
      if (found < 0) {
        if (name != null && out != null) {
          out.add(new String[] {name, line.substring(pos)});
        }
        return false;
      }
      if (name != null && out != null) {
        out.add(new String[] {name, line.substring(pos, found)});
      }
      pos = found + next.length();
    }
    return true;
  }

  boolean startsWithLiteral() {
    return startsWithLiteral;
  }
}
