package io.tracemate.logql.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.Cancellation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus' rule templates on the one template engine: variables, nested fields, its functions. */
class RuleTemplateTest {
  private static String run(String template, double value) {
    Map<String, Object> labels = Map.of("job", "api", "instance", "host-1.example.com:9090");
    Map<String, Object> external = Map.of("cluster", "prod");
    Map<String, Object> data =
        Map.of(
            "Labels",
            labels,
            "Value",
            value,
            "ExternalLabels",
            external,
            "ExternalURL",
            "http://x");
    Map<String, Object> variables =
        Map.of(
            "labels",
            labels,
            "value",
            value,
            "externalLabels",
            external,
            "externalURL",
            "http://x");
    return GoTemplate.parseRuleTemplate(template)
        .executeRule(data, variables, 0, 1 << 16, Cancellation.none());
  }

  @Test
  void variablesAndFields() {
    assertThat(run("{{ $labels.job }} at {{ $value }} in {{ $externalLabels.cluster }}", 0.25))
        .isEqualTo("api at 0.25 in prod");
    assertThat(run("{{ .Labels.job }}/{{ .Value }}/{{ $labels.missing }}.", 3))
        .isEqualTo("api/3/.");
    assertThat(run("{{ if gt $value 0.5 }}high{{ else }}low{{ end }}", 0.75)).isEqualTo("high");
    assertThat(run("{{ $labels.instance | stripPort }} {{ stripDomain $labels.instance }}", 0))
        .isEqualTo("host-1.example.com host-1:9090");
    assertThat(
            run(
                "{{ printf \"%.2f\" $value }} {{ $labels.job | toUpper }} {{ title \"a b\" }}",
                1.5))
        .isEqualTo("1.50 API A B");
    assertThat(run("{{ $value | humanize }}", 2e9)).isEqualTo("2G");
    assertThat(run("{{ reReplaceAll \"-(\\\\d)\" \"#$1\" $labels.instance }}", 0))
        .isEqualTo("host#1.example.com:9090");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{{ humanize $value }}|1234567|1.235M",
        "{{ humanize $value }}|0.00012|120u",
        "{{ humanize $value }}|0|0",
        "{{ humanize $value }}|12.5|12.5",
        "{{ humanize1024 $value }}|1048576|1Mi",
        "{{ humanize1024 $value }}|0.5|0.5",
        "{{ humanizePercentage $value }}|0.0523|5.23%",
        "{{ humanizeDuration $value }}|93784|1d 2h 3m 4s",
        "{{ humanizeDuration $value }}|61|1m 1s",
        "{{ humanizeDuration $value }}|1.5|1.5s",
        "{{ humanizeDuration $value }}|0.0123|12.3ms",
        "{{ humanizeTimestamp $value }}|1435065584.128|2015-06-23 13:19:44.128 +0000 UTC",
        "{{ humanize $value }}|12345|12.35k",
      })
  void humanizeFamilyFormatsAsPrometheus(String template, double value, String expected) {
    assertThat(run(template, value)).isEqualTo(expected);
  }

  @Test
  void refusesWhatIsNotInTheDialect() {
    assertThatThrownBy(() -> GoTemplate.parseRuleTemplate("{{ $nope }}"))
        .hasMessageContaining("undefined variable \"$nope\"");
    assertThatThrownBy(() -> GoTemplate.parseRuleTemplate("{{ query \"up\" }}"))
        .hasMessageContaining("function \"query\" not defined");
    assertThatThrownBy(() -> GoTemplate.parseRuleTemplate("{{ $x := 1 }}"))
        .hasMessageContaining("undefined variable");
    assertThatThrownBy(() -> GoTemplate.parseRuleTemplate("{{ range $labels }}{{ end }}"))
        .hasMessageContaining("range");
    // LogQL's dialect is unchanged: no variables there.
    assertThatThrownBy(() -> GoTemplate.parse("{{ $labels.x }}"))
        .hasMessageContaining("template variables are not supported");
  }
}
