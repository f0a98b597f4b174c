package io.tracemate.logql.syntax.fuzz;

import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logql.syntax.LogQLParseException;
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
 * LogQL as the Loki API and the ruler parse it ({@link LogQL#parse(String, ParseLimits)}): a query parses, or is
 * refused with a {@link LogQLParseException} (Loki's message shape, the limit's name for one over a limit); a
 * query that parses prints a canonical text that parses back into an equal tree, as the front end documents. The
 * limits are tighter than the defaults so that the mutators reach them.
 */
class LogQLFuzzTest {
  static final SeedCorpus QUERIES = SeedCorpus.load("logql");
  private static final ParseLimits LIMITS = new ParseLimits(16 * 1024, 32);

  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "(",
          ")",
          "[5m]",
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
          "|",
          "|=",
          "|~",
          "|>",
          "!>",
          "+",
          "-",
          "*",
          "/",
          "%",
          "^",
          " or ",
          " and ",
          " unless ",
          " by (",
          " without (",
          " on (",
          " ignoring (",
          " group_left ",
          " group_right ",
          " bool ",
          " offset -5m",
          " | json",
          " | logfmt --strict",
          " | unpack",
          " | decolorize",
          " | pattern \"<_> <x>\"",
          " | regexp \"(?P<a>.)\"",
          " | line_format \"{{.a}}\"",
          " | label_format a=\"{{.b}}\"",
          " | unwrap ",
          "duration(",
          "bytes(",
          "ip(\"",
          " | drop ",
          " | keep ",
          "sum(",
          "avg(",
          "topk(",
          "quantile_over_time(0.9,",
          "rate(",
          "count_over_time(",
          "label_replace(",
          "vector(",
          "sort_desc(",
          "absent_over_time(",
          "first_over_time(",
          "\"",
          "`",
          "\\",
          "\\x",
          "\\u{",
          "1e309",
          "-0x1p-1074",
          "9999999999999999999",
          "NaN",
          "Inf",
          "(?P<",
          "[[:alpha:]]",
          "{1000}{1000}",
          "__error__",
          "#",
          "1KiB",
          "1.5s",
          "5m3",
          "ms");

  @Provide
  Arbitrary<Mutant> queries() {
    return Mutants.of(QUERIES, TOKENS);
  }

  @FuzzTarget
  void aQueryParsesOrIsRefusedWithLokisMessage(@ForAll("queries") Mutant query) {
    check(query.text());
  }

  @Example
  void everySeedParsesOrIsRefusedWithLokisMessage() {
    QUERIES.seeds().forEach(seed -> check(seed.text()));
  }

  static void check(String query) {
    Outcomes.acceptedOrRefused(() -> LogQL.parse(query, LIMITS), LogQLParseException.class)
        .ifPresent(
            expr ->
                Outcomes.printsBack(
                    query,
                    expr,
                    text -> LogQL.parse(text, ParseLimits.DEFAULTS),
                    LogQLParseException.class));
  }
}
