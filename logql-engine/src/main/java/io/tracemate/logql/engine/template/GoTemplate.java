package io.tracemate.logql.engine.template;

import io.tracemate.logql.engine.QueryEvaluationException;
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
 * compile time: {@code function "foo" not defined}. Regular expressions in functions are RE2 translated to
 * java.util.regex; {@code printf} supports the common verbs ({@code %s %v %d %f %e %g %q %x %t %c}, width,
 * precision, {@code -}/{@code 0}/{@code +} flags); {@code date}/{@code toDate} use Go reference-time layouts, in
 * UTC.
 *
 * <p>Immutable and thread-safe once parsed.
 */
public final class GoTemplate {
  private final String source;
  private final List<Node> nodes;

  private GoTemplate(String source, List<Node> nodes) {
    this.source = source;
    this.nodes = nodes;
  }

  /** What a template runs against: the entry's labels, its line and timestamp. */
  record Context(Map<String, String> labels, String line, ZonedDateTime timestamp) {}

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
      return new GoTemplate(text, new TemplateParser(text, TemplateFunctions.ALL.keySet()).parse());
    } catch (TemplateParser.ParseError e) {
      throw new QueryEvaluationException("invalid template \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /** The names of the functions templates may call. */
  public static java.util.Set<String> functions() {
    return TemplateFunctions.ALL.keySet();
  }

  /**
   * Runs the template.
   *
   * @throws ExecutionException when a function fails (wrong arguments, incompatible comparison...)
   */
  public String execute(Map<String, String> labels, String line, long timestampNanos) {
    ZonedDateTime timestamp = Instant.ofEpochSecond(0, timestampNanos).atZone(ZoneOffset.UTC);
    StringBuilder out = new StringBuilder();
    run(nodes, new Context(labels, line, timestamp), out);
    return out.toString();
  }

  private void run(List<Node> list, Context context, StringBuilder out) {
    for (Node node : list) {
      switch (node) {
        case Node.Text text -> out.append(text.text());
        case Node.Action action -> out.append(GoFormat.print(evaluate(action.pipeline(), context)));
        case Node.If branch -> run(Values.truthy(evaluate(branch.condition(), context)) ? branch.then()
            : branch.otherwise(), context, out);
      }
    }
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
      return TemplateFunctions.ALL.get(function.name()).call(args, context);
    }
    if (operands.size() > 1 || piped != NOTHING) {
      throw new ExecutionException("can't give argument to non-function " + describe(operands.getFirst()));
    }
    return operand(operands.getFirst(), context);
  }

  private Object operand(Node.Operand operand, Context context) {
    return switch (operand) {
      case Node.Field field -> field.name().isEmpty() ? context.labels()
          : Objects.requireNonNullElse(context.labels().get(field.name()), "");
      case Node.Constant constant -> constant.value();
      case Node.Function function -> TemplateFunctions.ALL.get(function.name()).call(List.of(), context);
      case Node.Group group -> evaluate(group.pipeline(), context);
    };
  }

  private static String describe(Node.Operand operand) {
    return switch (operand) {
      case Node.Field field -> "." + field.name();
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
