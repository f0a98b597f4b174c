package io.tracemate.promql.engine.conformance;

import io.tracemate.promql.syntax.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script in Prometheus' promqltest format ({@code promql/promqltest/README.md}): {@code load <interval>} blocks of
 * series, {@code clear}, and {@code eval instant at <time> <expr>} / {@code eval range from <t> to <t> step <d>
 * <expr>} with expectations ({@code expect fail|ordered|warn|info|no_warn|no_info [msg|regex: ...]},
 * {@code expect range vector from .. to .. step ..}, {@code expect string "..."}, a scalar, or series lines).
 * Blank and comment lines end a block, as in Prometheus.
 */
final class TestScript {
  private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
  private static final Pattern EVAL_INSTANT =
      Pattern.compile(
          "^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
  private static final Pattern EVAL_RANGE =
      Pattern.compile(
          "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
  private static final Pattern EXPECT =
      Pattern.compile(
          "^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
  private static final Pattern EXPECT_RANGE =
      Pattern.compile("^expect range vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");

  /** One command of a script. */
  sealed interface Command {}

  record Load(
      int line,
      long intervalMillis,
      boolean withNhcb,
      List<SeriesDescription> series,
      List<String> errors)
      implements Command {}

  record Clear(int line) implements Command {}

  /**
   * An eval command.
   *
   * @param start, end, step  the range (start == end, step 0 for an instant query); for an instant query with
   *                          {@code expect range vector}, the expected points' range
   * @param failMessage       exact error message expected, or null
   * @param failRegex         error message pattern expected (Go syntax, unanchored), or null
   * @param scalar            the expected scalar, or null
   * @param series            expected series with their 1-based position (for ordered results)
   */
  record Eval(
      int line,
      String expr,
      boolean range,
      long time,
      long start,
      long end,
      long step,
      boolean expectFail,
      String failMessage,
      String failRegex,
      boolean ordered,
      boolean annotationsExpected,
      boolean rangeVector,
      String expectedString,
      Double scalar,
      List<ExpectedSeries> series,
      String parseError)
      implements Command {
    boolean histogramExpected() {
      return series.stream().anyMatch(s -> s.description().histogram());
    }
  }

  record ExpectedSeries(int position, SeriesDescription description) {}

  private TestScript() {}

  static List<Command> parse(String text) {
    String[] raw = text.split("\n", -1);
    String[] lines = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      String l = raw[i].strip();
      lines[i] = l.startsWith("#") ? "" : l;
    }
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isEmpty()) {
        continue;
      }
      String word = l.split("[\\t ]+", 2)[0].toLowerCase(java.util.Locale.ROOT);
      if (word.equals("clear")) {
        commands.add(new Clear(i + 1));
      } else if (word.startsWith("load")) {
        i = load(lines, i, commands);
      } else if (word.startsWith("eval")) {
        i = eval(lines, i, commands);
      } else {
        throw new IllegalArgumentException("line " + (i + 1) + ": invalid command " + l);
      }
    }
    return commands;
  }

  private static int load(String[] lines, int at, List<Command> commands) {
    Matcher m = LOAD.matcher(lines[at]);
    if (!m.matches()) {
      throw new IllegalArgumentException("line " + (at + 1) + ": invalid load command");
    }
    long interval = Durations.parseMillis(m.group(2));
    List<SeriesDescription> series = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int i = at;
    while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
      i++;
      try {
        series.add(SeriesDescription.parse(lines[i]));
      } catch (RuntimeException e) {
        errors.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    commands.add(new Load(at + 1, interval, m.group(1) != null, series, errors));
    return i;
  }

  private static int eval(String[] lines, int at, List<Command> commands) {
    String l = lines[at];
    Matcher instant = EVAL_INSTANT.matcher(l);
    Matcher range = EVAL_RANGE.matcher(l);
    boolean isInstant = instant.matches();
    if (!isInstant && !range.matches()) {
      throw new IllegalArgumentException("line " + (at + 1) + ": invalid eval command " + l);
    }
    String mod = isInstant ? instant.group(1) : range.group(1);
    String expr = isInstant ? instant.group(3) : range.group(5);
    long time = 0;
    long start;
    long end;
    long step = 0;
    if (isInstant) {
      time = instant.group(2) == null ? 0 : Durations.parseMillis(instant.group(2));
      start = time;
      end = time;
    } else {
      start = Durations.parseMillis(range.group(2));
      end = Durations.parseMillis(range.group(3));
      step = Durations.parseMillis(range.group(4));
    }
    boolean expectFail = "fail".equals(mod);
    boolean ordered = "ordered".equals(mod);
    boolean annotations = "warn".equals(mod) || "info".equals(mod);
    String failMessage = null;
    String failRegex = null;
    boolean rangeVector = false;
    String expectedString = null;
    Double scalar = null;
    List<ExpectedSeries> series = new ArrayList<>();
    String parseError = null;
    int position = 0;
    int i = at;
    while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
      i++;
      String def = lines[i];
      if (expectFail && def.startsWith("expected_fail_message")) {
        failMessage = def.substring("expected_fail_message".length()).strip();
        break;
      }
      if (expectFail && def.startsWith("expected_fail_regexp")) {
        failRegex = def.substring("expected_fail_regexp".length()).strip();
        break;
      }
      if (def.startsWith("expect range vector")) {
        Matcher r = EXPECT_RANGE.matcher(def);
        if (!r.matches()) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": invalid range vector definition");
        }
        start = Durations.parseMillis(r.group(1));
        end = Durations.parseMillis(r.group(2));
        step = Durations.parseMillis(r.group(3));
        rangeVector = true;
        continue;
      }
      if (def.startsWith("expect string")) {
        expectedString = unquote(def.substring("expect string".length()).strip());
        continue;
      }
      if (def.split(" ")[0].equals("expect")) {
        Matcher e = EXPECT.matcher(def);
        if (!e.matches()) {
          throw new IllegalArgumentException("line " + (i + 1) + ": invalid expect statement");
        }
        switch (e.group(1)) {
          case "fail" -> {
            expectFail = true;
            if ("msg".equals(e.group(2))) {
              failMessage = e.group(3).strip();
            } else if ("regex".equals(e.group(2))) {
              failRegex = e.group(3).strip();
            }
          }
          case "ordered" -> ordered = true;
          case "warn", "info" -> annotations = true;
          default -> {}
        }
        continue;
      }
      Double number = number(def);
      if (number != null) {
        scalar = number;
        break;
      }
      position++;
      try {
        series.add(new ExpectedSeries(position, SeriesDescription.parse(def)));
      } catch (RuntimeException e) {
        parseError = "line " + (i + 1) + ": cannot read expected series: " + e.getMessage();
      }
    }
    commands.add(
        new Eval(
            at + 1,
            expr,
            !isInstant,
            time,
            start,
            end,
            step,
            expectFail,
            failMessage,
            failRegex,
            ordered,
            annotations,
            rangeVector,
            expectedString,
            scalar,
            series,
            parseError));
    return i;
  }

  /** A bare number line (Go's ParseInt(s, 0, 64) or ParseFloat), or null. */
  private static Double number(String s) {
    String t = s.strip();
    try {
      return Double.parseDouble(t.replace("Inf", "Infinity").replace("inf", "Infinity"));
    } catch (NumberFormatException e) {
      if (t.equalsIgnoreCase("nan")) {
        return Double.NaN;
      }
      return null;
    }
  }

  private static String unquote(String quoted) {
    if (quoted.length() < 2) {
      throw new IllegalArgumentException("expected a quoted string, got " + quoted);
    }
    String body = quoted.substring(1, quoted.length() - 1);
    return quoted.charAt(0) == '`' ? body : body.replace("\\\"", "\"").replace("\\\\", "\\");
  }
}
