package io.tracemate.logql.engine.template;

import io.tracemate.common.Cancellation;
import io.tracemate.logql.engine.QueryEvaluationException;
import io.tracemate.logql.engine.QueryLimitException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Go text/template as {@code line_format} and {@code label_format} use it, evaluated against an entry's labels.
 *
 * <p>Supported syntax: text; actions {@code {{ pipeline }}} with {@code {{-} / {-}}} whitespace trimming;
 * comments {@code {{/* ... *&#47;}}}; {@code {{if}} / {{else if}} / {{else}} / {{end}}}; fields {@code .label}
 * (a missing label is ""), {@code .} and {@code $} (all labels); constants: interpreted and raw strings, integers,
 * floats, {@code true}/{@code false}/{@code nil}; function calls with arguments; pipes ({@code .a | f x} calls
 * {@code f x .a}); parentheses. Not supported (rejected when the query is compiled, with a message naming it):
 * {@code range}, {@code with}, {@code define}/{@code template}/{@code block}, variables ({@code $x}), nested fields.
 *
 * <p>Functions: Go's {@code and or not eq ne lt le gt ge len print printf}; Loki's {@code __line__ __timestamp__
 * ToLower ToUpper Title TrimSpace Replace Trim TrimLeft TrimRight TrimPrefix TrimSuffix count unixEpoch
 * unixEpochMillis unixEpochNanos unixToTime alignLeft alignRight}; sprig's {@code lower upper title trim trimAll
 * trimPrefix trimSuffix contains hasPrefix hasSuffix replace repeat trunc substr indent nindent regexReplaceAll
 * regexReplaceAllLiteral default urlencode urldecode b64enc b64dec now date toDate add sub mul div mod max min addf
 * subf mulf divf maxf minf ceil floor round int int64 float64 toString}. Any other function name is an error at
 * compile time: {@code function "foo" not defined}. Regular expressions in functions are Go's (RE2, with Go's
 * {@code $1 ${name}} replacement templates); {@code printf} supports the common verbs ({@code %s %v %d %f %e %g %q %x %t %c}, width,
 * precision, {@code -}/{@code 0}/{@code +} flags); {@code date}/{@code toDate} use Go reference-time layouts, in
 * UTC.
 *
 * <p>What a template may build is bounded: {@link #execute(Map, String, long, int, Cancellation)} refuses, with a
 * {@link QueryLimitException} naming max_formatted_line_size, any value longer than its {@code maxLength}, checking
 * before it allocates where a number decides the size ({@code repeat}, {@code indent}, {@code alignLeft},
 * {@code printf} widths) and as it appends elsewhere, so a chain of {@code {{__line__}}{{__line__}}} stages fails
 * after a few megabytes instead of doubling each line into the gigabytes. A long regex match in a function stops
 * with the query's cancellation.
 *
 * <p>Immutable and thread-safe once parsed.
 */
public final class GoTemplate {
  /** The variables of Prometheus' alerting and recording rule templates. */
  private static final java.util.Set<String> RULE_VARIABLES =
      java.util.Set.of("labels", "value", "externalLabels", "externalURL");

  private final String source;
  private final List<Node> nodes;
  private final Map<String, TemplateFunctions.Function> functions;

  private GoTemplate(
      String source, List<Node> nodes, Map<String, TemplateFunctions.Function> functions) {
    this.source = source;
    this.nodes = nodes;
    this.functions = functions;
  }

  /**
   * What a template runs against: the data ({@code .}: an entry's labels in LogQL, the alert's data in rules), its
   * line and timestamp, and the variables of the rule dialect.
   */
  record Context(
      Map<String, ?> labels,
      Map<String, ?> variables,
      String line,
      ZonedDateTime timestamp,
      int maxLength,
      Cancellation cancellation) {
    /** {@code size} when it is within the limit, as an int. */
    int bounded(long size) {
      checkLength(size, maxLength);
      return (int) size;
    }
  }

  /** @throws QueryLimitException when {@code length} is over {@code maxLength} */
  static void checkLength(long length, int maxLength) {
    if (length > maxLength) {
      throw tooLong(maxLength);
    }
  }

  static QueryLimitException tooLong(int maxLength) {
    return new QueryLimitException(
        QueryLimitException.MAX_FORMATTED_LINE_SIZE,
        "line_format or label_format would "
            + "build a value longer than "
            + maxLength
            + " characters; shorten the template or format fewer lines "
            + "(max_formatted_line_size)");
  }

  /** A template failed while running on one entry (the engine turns it into {@code __error__}). */
  public static final class ExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExecutionException(String message) {
      super(message);
    }
  }

  /** @throws QueryEvaluationException when the template does not parse or calls an unknown function */
  public static GoTemplate parse(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new GoTemplate(
          text,
          new TemplateParser(text, TemplateFunctions.ALL.keySet(), null).parse(),
          TemplateFunctions.ALL);
    } catch (TemplateParser.ParseError e) {
      throw new QueryEvaluationException("invalid template \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a template of Prometheus' alerting and recording rules (labels and annotations): the same syntax plus
   * the variables Prometheus defines ({@code $labels}, {@code $value}, {@code $externalLabels},
   * {@code $externalURL}), nested fields on them and on the data ({@code .Labels.job}, {@code .Value}), and
   * Prometheus' template functions instead of Loki's: Go's builtins and {@code humanize humanize1024
   * humanizeDuration humanizePercentage humanizeTimestamp title toUpper toLower match reReplaceAll stripPort
   * stripDomain parseDuration toTime safeHtml} ({@code query} and the functions over its results are not
   * supported: a notification template never runs a query here).
   *
   * @throws IllegalArgumentException when the template does not parse, naming what and where
   */
  public static GoTemplate parseRuleTemplate(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return new GoTemplate(
          text,
          new TemplateParser(text, TemplateFunctions.RULES.keySet(), RULE_VARIABLES).parse(),
          TemplateFunctions.RULES);
    } catch (TemplateParser.ParseError e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Runs a rule template.
   *
   * @param data the data ({@code .}): {@code Labels}, {@code Value}, {@code ExternalLabels}, {@code ExternalURL}
   * @param variables the variables ({@code labels}, {@code value}, ... without the dollar)
   * @param timestampNanos the evaluation time
   * @param maxLength longest value the template may build
   * @throws ExecutionException when a function fails
   * @throws QueryLimitException when a value would be longer than {@code maxLength}
   */
  public String executeRule(
      Map<String, ?> data,
      Map<String, ?> variables,
      long timestampNanos,
      int maxLength,
      Cancellation cancellation) {
    ZonedDateTime timestamp = Instant.ofEpochSecond(0, timestampNanos).atZone(ZoneOffset.UTC);
    StringBuilder out = new StringBuilder();
    run(nodes, new Context(data, variables, "", timestamp, maxLength, cancellation), out);
    return out.toString();
  }

  /** The names of the functions templates may call. */
  public static java.util.Set<String> functions() {
    return TemplateFunctions.ALL.keySet();
  }

  /**
   * Runs the template with no deadline and values up to 1 MiB characters.
   *
   * @throws ExecutionException when a function fails (wrong arguments, incompatible comparison...)
   */
  public String execute(Map<String, String> labels, String line, long timestampNanos) {
    return execute(labels, line, timestampNanos, 1 << 20, Cancellation.none());
  }

  /**
   * Runs the template.
   *
   * @param maxLength longest value (characters) the template or any function in it may build
   * @param cancellation read by regexes in functions, so they stop with the query
   * @throws ExecutionException when a function fails (wrong arguments, incompatible comparison...)
   * @throws QueryLimitException when a value would be longer than {@code maxLength}
   */
  public String execute(
      Map<String, String> labels,
      String line,
      long timestampNanos,
      int maxLength,
      Cancellation cancellation) {
    ZonedDateTime timestamp = Instant.ofEpochSecond(0, timestampNanos).atZone(ZoneOffset.UTC);
    StringBuilder out = new StringBuilder();
    run(nodes, new Context(labels, Map.of(), line, timestamp, maxLength, cancellation), out);
    return out.toString();
  }

  private void run(List<Node> list, Context context, StringBuilder out) {
    for (Node node : list) {
      switch (node) {
        case Node.Text text -> append(out, text.text(), context);
        case Node.Action action ->
            append(out, GoFormat.print(evaluate(action.pipeline(), context)), context);
        case Node.If branch ->
            run(
                Values.truthy(evaluate(branch.condition(), context))
                    ? branch.then()
                    : branch.otherwise(),
                context,
                out);
      }
    }
  }

  private static void append(StringBuilder out, String text, Context context) {
    checkLength((long) out.length() + text.length(), context.maxLength());
    out.append(text);
  }

  private static final Object NOTHING = new Object();

  private Object evaluate(Node.Pipeline pipeline, Context context) {
    Object value = NOTHING;
    for (Node.Command command : pipeline.commands()) {
      value = evaluate(command, value, context);
    }
    return value;
  }

  private Object evaluate(Node.Command command, Object piped, Context context) {
    List<Node.Operand> operands = command.operands();
    if (operands.getFirst() instanceof Node.Function function) {
      List<Object> args = new ArrayList<>(operands.size());
      for (Node.Operand operand : operands.subList(1, operands.size())) {
        args.add(operand(operand, context));
      }
      if (piped != NOTHING) {
        args.add(piped);
      }
      return bounded(functions.get(function.name()).call(args, context), context);
    }
    if (operands.size() > 1 || piped != NOTHING) {
      throw new ExecutionException(
          "can't give argument to non-function " + describe(operands.getFirst()));
    }
    return operand(operands.getFirst(), context);
  }

  private Object operand(Node.Operand operand, Context context) {
    return switch (operand) {
      case Node.Field field ->
          field.name().isEmpty()
              ? context.labels()
              : Objects.requireNonNullElse(context.labels().get(field.name()), "");
      case Node.Variable variable -> walk(variable, context);
      case Node.Constant constant -> constant.value();
      case Node.Function function ->
          bounded(functions.get(function.name()).call(List.of(), context), context);
      case Node.Group group -> evaluate(group.pipeline(), context);
    };
  }

  /** A variable's value, then its fields as map keys (missing keys are "", as in a map[string]string). */
  private static Object walk(Node.Variable variable, Context context) {
    Object value =
        variable.name().isEmpty() ? context.labels() : context.variables().get(variable.name());
    for (String field : variable.fields()) {
      if (!(value instanceof Map<?, ?> map)) {
        throw new ExecutionException(
            "can't evaluate field " + field + " in type " + GoFormat.typeName(value));
      }
      value = map.containsKey(field) ? map.get(field) : "";
    }
    return value;
  }

  /** Every function result is checked, so no argument of the next function is over the limit either. */
  private static Object bounded(Object value, Context context) {
    if (value instanceof String s) {
      checkLength(s.length(), context.maxLength());
    }
    return value;
  }

  private static String describe(Node.Operand operand) {
    return switch (operand) {
      case Node.Field field -> "." + field.name();
      case Node.Variable variable ->
          "$"
              + variable.name()
              + (variable.fields().isEmpty() ? "" : ".")
              + String.join(".", variable.fields());
      case Node.Constant constant -> GoFormat.print(constant.value());
      case Node.Function function -> function.name();
      case Node.Group group -> "(...)";
    };
  }

  @Override
  public String toString() {
    return source;
  }
}
