package io.tracemate.alerting.rules.fuzz;

import io.tracemate.alerting.rules.RuleFormatException;
import io.tracemate.alerting.rules.RuleGroupParser;
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
 * Rule files and rule groups as the ruler APIs and the rule directories hand them to {@link RuleGroupParser}: a
 * document loads, or is refused with a {@link RuleFormatException} naming where and what; never another exception
 * (YAML's own errors included), whatever the YAML, its anchors and its embedded queries.
 */
class RuleGroupParserFuzzTest {
  static final SeedCorpus FILES = SeedCorpus.load("rule-files");
  static final SeedCorpus GROUPS = SeedCorpus.load("rule-groups");
  private static final RuleGroupParser PARSER = RuleGroupParser.defaults();

  private static final List<String> TOKENS =
      List.of(
          "\n  - ",
          "\n    ",
          ": ",
          "- ",
          "&a ",
          "*a",
          "<<: *a",
          "!!binary ",
          "!!int ",
          "!!float ",
          "!!map ",
          "!!str ",
          "? ",
          "|\n",
          ">-\n",
          "'",
          "\"",
          "{",
          "}",
          "[",
          "]",
          "~",
          "null",
          "groups:",
          "name: ",
          "rules:",
          "interval: ",
          "limit: ",
          "query_offset: ",
          "kind: promql",
          "kind: logql",
          "kind: ",
          "record: ",
          "alert: ",
          "expr: ",
          "for: ",
          "keep_firing_for: ",
          "labels: ",
          "annotations: ",
          "baseline: ",
          "season: ",
          "band: ",
          "evidence: ",
          "{{ ",
          " }}",
          "{{ $labels.",
          "{{ $value | humanize }}",
          "{{ template \"x\" }}",
          "{{ range ",
          "{{ end }}",
          "-1s",
          "0s",
          "99999999999d",
          "1e309",
          "---\n",
          "...\n",
          "%YAML 1.2\n",
          "\t");

  @Provide
  Arbitrary<Mutant> files() {
    return Mutants.of(FILES, TOKENS);
  }

  @Provide
  Arbitrary<Mutant> groups() {
    return Mutants.of(GROUPS, TOKENS);
  }

  @FuzzTarget
  void aRuleFileLoadsOrIsRefusedWithWhereAndWhat(@ForAll("files") Mutant yaml) {
    file(yaml.text());
  }

  @FuzzTarget
  void aRuleGroupLoadsOrIsRefusedWithWhereAndWhat(@ForAll("groups") Mutant yaml) {
    group(yaml.text());
  }

  @Example
  void everySeedLoadsOrIsRefusedWithWhereAndWhat() {
    FILES.seeds().forEach(seed -> file(seed.text()));
    GROUPS.seeds().forEach(seed -> group(seed.text()));
  }

  static void file(String yaml) {
    Outcomes.acceptedOrRefused(
        () -> PARSER.parseFile("fuzz.yaml", yaml), RuleFormatException.class);
  }

  static void group(String yaml) {
    Outcomes.acceptedOrRefused(() -> PARSER.parseGroup("fuzz", yaml), RuleFormatException.class);
  }
}
