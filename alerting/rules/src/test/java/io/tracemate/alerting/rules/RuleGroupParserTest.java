package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prometheus' rule-file format: what loads, and errors that say where and what. */
class RuleGroupParserTest {
  private final RuleGroupParser parser = RuleGroupParser.defaults();

  @Test
  void readsAFileOfGroupsAndWritesItBackTheSame() {
    String yaml =
        """
        groups:
          - name: api
            kind: promql
            interval: 30s
            limit: 10
            query_offset: 2m
            rules:
              - record: job:errors:rate5m
                expr: sum by (service_name) (rate(traces_span_metrics_calls_total[5m]))
              - alert: HighErrors
                expr: job:errors:rate5m > 1
                for: 10m
                keep_firing_for: 5m
                labels: {severity: page}
                annotations:
                  summary: "{{ $labels.service_name }} at {{ $value | humanize }}"
          - name: logs
            rules:
              - alert: ErrorLines
                expr: sum(count_over_time({app="api"} |= "error" [5m])) > 10
        """;
    List<RuleGroup> groups = parser.parseFile("rules.yaml", yaml);
    assertThat(groups).hasSize(2);
    RuleGroup api = groups.getFirst();
    assertThat(api.language()).isEqualTo(RuleLanguage.PROMQL);
    assertThat(api.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(api.limit()).isEqualTo(10);
    assertThat(api.evaluationDelay()).isEqualTo(Duration.ofMinutes(2));
    Rule alert = api.rules().get(1);
    assertThat(alert.alert()).isEqualTo("HighErrors");
    assertThat(alert.forDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(alert.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(groups.get(1).language()).isEqualTo(RuleLanguage.LOGQL);
    assertThat(parser.parseFile("again", RuleGroupWriter.file(groups))).isEqualTo(groups);
  }

  @Test
  void readsBaselineRulesAndEvidenceQueriesAndWritesThemBack() {
    String yaml =
        """
        groups:
          - name: latency
            kind: promql
            rules:
              - baseline: service:latency_p99
                expr: histogram_quantile(0.99, sum by (service_name, le) (rate(x_bucket[5m])))
                season: 1d
                band: 2.5
                labels: {team: payments}
              - baseline: service:calls
                expr: sum by (service_name) (rate(x_count[5m]))
              - alert: Slow
                expr: service:latency_p99 > service:latency_p99:baseline_upper
                for: 10m
                evidence: '{service_name=~".+"} |= "timeout"'
        """;
    List<RuleGroup> groups = parser.parseFile("rules.yaml", yaml);
    List<Rule> rules = groups.getFirst().rules();
    assertThat(rules.get(0).isBaseline()).isTrue();
    assertThat(rules.get(0).isAlerting()).isFalse();
    assertThat(rules.get(0).record()).isEqualTo("service:latency_p99");
    assertThat(rules.get(0).baseline()).isEqualTo(new BaselineSpec(Duration.ofDays(1), 2.5));
    assertThat(rules.get(1).baseline()).isEqualTo(BaselineSpec.DEFAULTS);
    assertThat(rules.get(2).evidence()).isEqualTo("{service_name=~\".+\"} |= \"timeout\"");
    assertThat(parser.parseFile("again", RuleGroupWriter.file(groups))).isEqualTo(groups);
  }

  @Test
  void baselineAndEvidenceErrorsSayWhatIsAllowed() {
    String yaml =
        """
        name: g
        kind: promql
        rules:
          - baseline: b
            expr: up
            season: 2d
            band: -1
            for: 5m
          - record: r
            expr: up
            season: 1w
            evidence: '{a="b"}'
          - alert: A
            expr: up
            evidence: 'count_over_time({a="b"}[5m])'
          - baseline: b2
            record: r2
            expr: up
        """;
    assertThatThrownBy(() -> parser.parseGroup("ns", yaml))
        .isInstanceOf(RuleFormatException.class)
        .satisfies(
            e ->
                assertThat(((RuleFormatException) e).errors())
                    .anySatisfy(
                        m -> assertThat(m).contains("rule 0, \"b\": season must be 1w or 1d"))
                    .anySatisfy(m -> assertThat(m).contains("band must be a positive number"))
                    .anySatisfy(m -> assertThat(m).contains("invalid field 'for' in baseline rule"))
                    .anySatisfy(
                        m -> assertThat(m).contains("field 'season' is for baseline rules only"))
                    .anySatisfy(
                        m -> assertThat(m).contains("field 'evidence' is for alerting rules only"))
                    .anySatisfy(m -> assertThat(m).contains("evidence must be a LogQL log query"))
                    .anySatisfy(
                        m -> assertThat(m).contains("only one of 'record' and 'baseline'")));
  }

  @Test
  void aBadExpressionNamesFileLineGroupRuleAndTheParseErrorsPosition() {
    String yaml =
        """
        name: api
        kind: promql
        rules:
          - alert: Fine
            expr: up == 0
          - alert: Broken
            expr: sum(rate(x[5m]) by
        """;
    assertThatThrownBy(() -> parser.parseGroup("ns", yaml))
        .isInstanceOf(RuleFormatException.class)
        .hasMessageStartingWith("ns:7:")
        .hasMessageContaining(
            "group \"api\", rule 1, \"Broken\": could not parse expression as promql")
        .hasMessageContaining("1:");
  }

  @Test
  void promqlInALogqlGroupSaysWhichKindToGive() {
    String yaml =
        """
        name: api
        rules:
          - alert: A
            expr: sum(rate(traces_span_metrics_calls_total[5m])) > 1
        """;
    assertThatThrownBy(() -> parser.parseGroup("ns", yaml))
        .hasMessageContaining("could not parse expression as logql")
        .hasMessageContaining("give its group \"kind: promql\"");
  }

  @Test
  void reportsEveryProblemOfARule() {
    String yaml =
        """
        name: g
        rules:
          - record: "bad name"
            expr: sum(count_over_time({a="b"}[1m]))
            for: 5m
            annotations: {x: y}
          - alert: A
            record: b
            expr: sum(count_over_time({a="b"}[1m]))
          - alert: B
            expr: sum(count_over_time({a="b"}[1m]))
            labels: {"__name__": x, "1bad": y}
            annotations: {summary: "{{ nope }}"}
            for: soon
            typo: 1
        """;
    assertThatThrownBy(() -> parser.parseGroup("ns", yaml))
        .isInstanceOfSatisfying(
            RuleFormatException.class,
            e ->
                assertThat(e.errors())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains("rule 0, \"bad name\": invalid recording rule name"))
                    .anySatisfy(
                        m -> assertThat(m).contains("invalid field 'for' in recording rule"))
                    .anySatisfy(
                        m ->
                            assertThat(m).contains("invalid field 'annotations' in recording rule"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains(
                                    "rule 1, \"A\": only one of 'record' and 'alert' must be set"))
                    .anySatisfy(m -> assertThat(m).contains("invalid label name: __name__"))
                    .anySatisfy(m -> assertThat(m).contains("invalid label name: 1bad"))
                    .anySatisfy(m -> assertThat(m).contains("function \"nope\" not defined"))
                    .anySatisfy(m -> assertThat(m).contains("for must be a duration"))
                    .anySatisfy(m -> assertThat(m).contains("field typo not found in type rule")));
  }

  @Test
  void groupLevelErrors() {
    assertThatThrownBy(() -> parser.parseGroup("ns", "rules: []"))
        .hasMessageContaining("group name should not be empty");
    assertThatThrownBy(() -> parser.parseGroup("ns", "name: g\ninterval: 0s\nrules: []"))
        .hasMessageContaining("ns:2:11: group \"g\": interval must be a positive duration");
    assertThatThrownBy(() -> parser.parseGroup("ns", "name: g\nlimit: -1\nrules: []"))
        .hasMessageContaining("limit must be a non-negative integer");
    assertThatThrownBy(() -> parser.parseGroup("ns", "name: g\nkind: sql\nrules: []"))
        .hasMessageContaining("kind must be \"logql\" or \"promql\"");
    assertThatThrownBy(() -> parser.parseGroup("ns", "name: [g\n"))
        .hasMessageStartingWith("ns:")
        .hasMessageContaining("invalid YAML");
    assertThatThrownBy(
            () ->
                parser.parseFile(
                    "f.yaml", "groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n"))
        .hasMessageContaining("groupname: \"a\" is repeated in the same file");
    assertThatThrownBy(
            () -> parser.parseGroup("ns", "name: g\nrules:\n  - alert: x\n    expr: '{a=\"b\"}'"))
        .hasMessageContaining("a rule needs a metric query");
  }

  @Test
  void tooManyRulesInAGroup() {
    RuleGroupParser strict =
        new RuleGroupParser(
            io.tracemate.querysupport.ParseLimits.DEFAULTS,
            io.tracemate.querysupport.ParseLimits.DEFAULTS,
            1,
            RuleLanguage.LOGQL);
    String yaml =
        """
        name: g
        rules:
          - record: a
            expr: sum(count_over_time({a="b"}[1m]))
          - record: b
            expr: sum(count_over_time({a="b"}[1m]))
        """;
    assertThatThrownBy(() -> strict.parseGroup("ns", yaml))
        .hasMessageContaining("has 2 rules, more than the limit of 1 (max_rules_per_rule_group)");
  }

  @Test
  void namespacesBecomeSafeFileNames() {
    for (String namespace : List.of("..", ".", "a/b", "team ä", "%2F", "plain-name_1")) {
      String file = RuleStore.encode(namespace);
      assertThat(file).doesNotContain("/").isNotIn(".", "..", "..yaml");
      assertThat(RuleStore.decode(file)).isEqualTo(namespace);
    }
  }

  @Test
  void errorsCarryTheirLineAndColumnApartForAnEditor() {
    String yaml =
        """
        name: api
        kind: promql
        rules:
          - alert: Good
            expr: up == 0
          - alert: Bad
            expr: sum(rate(x[5m])
            for: soon
        """;
    assertThatThrownBy(() -> parser.parseGroup("ns", yaml))
        .isInstanceOfSatisfying(
            RuleFormatException.class,
            e -> {
              assertThat(e.problems()).hasSize(2);
              assertThat(e.problems().getFirst().line()).isEqualTo(7);
              assertThat(e.problems().getFirst().message())
                  .startsWith("group \"api\", rule 1, \"Bad\": could not parse expression");
              assertThat(e.problems().get(1).line()).isEqualTo(8);
              assertThat(e.problems().get(1).message()).contains("for must be a duration");
              // The joined message keeps the source and position, as the ruler API answers.
              assertThat(e.errors().getFirst()).startsWith("ns:7:");
            });
  }

  @Test
  void aGroupInJsonReadsAsTheSameGroupInYaml() {
    String json =
        """
        {"name": "api", "kind": "promql", "interval": "30s",
         "rules": [{"alert": "High", "expr": "x > 1", "for": "5m", "keep_firing_for": "1m",
                    "labels": {"severity": "page"}}]}
        """;
    RuleGroup group = parser.parseGroup("body", json, true);
    assertThat(group)
        .isEqualTo(
            parser.parseGroup(
                "body",
                """
                name: api
                kind: promql
                interval: 30s
                rules:
                  - alert: High
                    expr: x > 1
                    for: 5m
                    keep_firing_for: 1m
                    labels: {severity: page}
                """));
    assertThatThrownBy(() -> parser.parseGroup("body", "{\"name\": \"api\",\n \"rules\": [}", true))
        .isInstanceOfSatisfying(
            RuleFormatException.class,
            e -> {
              assertThat(e.problems().getFirst().line()).isEqualTo(2);
              assertThat(e.problems().getFirst().message()).startsWith("invalid JSON: ");
            });
  }
}
