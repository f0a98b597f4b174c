package io.tracemate.promql.syntax.fuzz;

import io.tracemate.promql.syntax.PromQL;
import io.tracemate.promql.syntax.PromQLParseException;
import io.tracemate.querysupport.ParseLimits;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.Outcomes;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * PromQL as the Prometheus API, the SPM API and the ruler parse it ({@link PromQL#parse(String, ParseLimits)}),
 * seeded with the queries of Prometheus' own promqltest scripts: a query parses and type-checks, or is refused with
 * a {@link PromQLParseException} (Prometheus' message shape); a query that parses prints a canonical text that
 * parses back into an equal tree.
 */
class PromQLFuzzTest {
  static final SeedCorpus QUERIES = SeedCorpus.load("promql");
  private static final ParseLimits LIMITS = new ParseLimits(16 * 1024, 32);

  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "(",
          ")",
          "[5m]",
          "[5m:1m]",
          "[0s]",
          "[1y]",
          ",",
          "=",
          "!=",
          "=~",
          "!~",
          "==",
          ">",
          ">=",
          "<",
          "<=",
          "+",
          "-",
          "*",
          "/",
          "%",
          "^",
          "atan2",
          " or ",
          " and ",
          " unless ",
          " by (",
          " without (",
          " on (",
          " ignoring (",
          " group_left (",
          " group_right ",
          " bool ",
          " offset -5m",
          " @ start()",
          " @ end()",
          " @ 1e10",
          " @ -Inf",
          "sum(",
          "topk(",
          "count_values(",
          "quantile(",
          "rate(",
          "irate(",
          "histogram_quantile(0.9,",
          "label_replace(",
          "label_join(",
          "vector(",
          "scalar(",
          "time()",
          "absent(",
          "sort_by_label(",
          "limitk(",
          "limit_ratio(",
          "predict_linear(",
          "holt_winters(",
          "__name__",
          "\"",
          "'",
          "`",
          "\\",
          "\\x",
          "\\u",
          "\\U",
          "1e309",
          "0x1p-1074",
          "0x",
          "9999999999999999999",
          "NaN",
          "Inf",
          "-Inf",
          "1ms",
          "5m3",
          "1y2w3d4h5m6s7ms",
          "(?P<",
          "{__name__=~\".+\"}",
          "#",
          ":",
          "::");

  @Provide
  Arbitrary<Mutant> queries() {
    return Mutants.of(QUERIES, TOKENS);
  }

  @FuzzTarget
  void aQueryParsesOrIsRefusedWithPrometheusMessage(@ForAll("queries") Mutant query) {
    check(query.text());
  }

  @Example
  void everySeedParsesOrIsRefusedWithPrometheusMessage() {
    QUERIES.seeds().forEach(seed -> check(seed.text()));
  }

  static void check(String query) {
    Outcomes.acceptedOrRefused(() -> PromQL.parse(query, LIMITS), PromQLParseException.class)
        .ifPresent(
            expr ->
                Outcomes.printsBack(
                    query,
                    expr,
                    text -> PromQL.parse(text, ParseLimits.DEFAULTS),
                    PromQLParseException.class));
  }
}
