package io.tracemate.pipeline.alignment;

import io.tracemate.model.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped alignment table ({@code semantic-alignment.tsv} next to this class): legacy OpenTelemetry,
 * OpenTracing/Zipkin and SkyWalking keys with their current OpenTelemetry semantic-convention names. The
 * table documents its columns and sources; it is parsed once and immutable.
 */
public final class SemanticAlignment {
  public static final String TABLE = "semantic-alignment.tsv";

  private SemanticAlignment() {}

  /** Which spans a rule applies to. */
  public enum Scope {
    ANY,
    SERVER,
    NON_SERVER;

    boolean appliesTo(SpanKind kind) {
      return switch (this) {
        case ANY -> true;
        case SERVER -> kind == SpanKind.SERVER;
        case NON_SERVER -> kind != SpanKind.SERVER;
      };
    }
  }

  /** What happens to the value on the way. */
  public enum Conversion {
    NONE,
    INT,
    STRING,
    SPLIT_QUERY
  }

  /** One row of the table. */
  public record Rule(
      String legacyKey, String otelKey, Scope scope, Conversion conversion, String source) {}

  public static List<Rule> shippedRules() {
    return Shipped.RULES;
  }

  private static final class Shipped {
    static final List<Rule> RULES = load();

    private static List<Rule> load() {
      try (InputStream in = SemanticAlignment.class.getResourceAsStream(TABLE)) {
        if (in == null) {
          throw new IllegalStateException(TABLE + " is missing from the jar");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), TABLE);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + TABLE, e);
      }
    }
  }

  /** @throws IllegalArgumentException naming the origin and line of a malformed row */
  public static List<Rule> parse(String text, String origin) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\\s+", 5);
      String where = origin + " line " + (i + 1);
      if (cols.length < 4) {
        throw new IllegalArgumentException(
            where + ": expected legacy-key otel-key span-kinds conversion [source]");
      }
      Scope scope =
          switch (cols[2]) {
            case "*" -> Scope.ANY;
            case "server" -> Scope.SERVER;
            case "non-server" -> Scope.NON_SERVER;
            default ->
                throw new IllegalArgumentException(
                    where + ": span-kinds '" + cols[2] + "' is not *, server or non-server");
          };
      Conversion conversion =
          switch (cols[3]) {
            case "-" -> Conversion.NONE;
            case "int" -> Conversion.INT;
            case "string" -> Conversion.STRING;
            case "split-query" -> Conversion.SPLIT_QUERY;
            default ->
                throw new IllegalArgumentException(
                    where + ": conversion '" + cols[3] + "' is not -, int, string or split-query");
          };
      rules.add(new Rule(cols[0], cols[1], scope, conversion, cols.length > 4 ? cols[4] : ""));
    }
    return List.copyOf(rules);
  }
}
