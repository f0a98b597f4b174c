package io.tracemate.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default rules: what they generate (valid rule groups, each rule switchable), and how the ruler runs them for
 * every tenant as a read-only namespace that a tenant's rule file of that name replaces.
 */
class DefaultRulesTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
  private static final DefaultRules.SpanSeries SPANS =
      new DefaultRules.SpanSeries(
          "traces_span_metrics_calls_total",
          "traces_span_metrics_duration_milliseconds_bucket",
          0.001);
  private static final DefaultRules.Settings ALL =
      new DefaultRules.Settings(
          new DefaultRules.ErrorRate(0.05, Duration.ofMinutes(5), Duration.ZERO, "critical"),
          new DefaultRules.Latency(
              Duration.ofMinutes(5), Duration.ofMinutes(10), BaselineSpec.DEFAULTS, "warning"),
          new DefaultRules.ErrorLogs(50, Duration.ofMinutes(5), Duration.ofMinutes(1), "warning"),
          SPANS,
          new DefaultRules.LogLabels("service_name", "level"));

  @TempDir Path data;
  @TempDir Path rules;

  private final MutableClock clock = new MutableClock(START);
  private final InMemorySeriesSource series = new InMemorySeriesSource();
  private final Set<TenantId> tenants = new CopyOnWriteArraySet<>();
  private Ruler ruler;

  @AfterEach
  void close() {
    if (ruler != null) {
      ruler.close();
    }
  }

  @Test
  void generatesValidGroupsWithEachRuleSwitchable() {
    List<RuleGroup> groups = DefaultRules.groups(ALL);
    assertThat(groups)
        .extracting(RuleGroup::name)
        .containsExactly(DefaultRules.GROUP, DefaultRules.LOGS_GROUP);
    // What the generator writes is what the parser accepts (every expression parses).
    assertThat(RuleGroupParser.defaults().parseFile("defaults", RuleGroupWriter.file(groups)))
        .isEqualTo(groups);
    List<Rule> metric = groups.getFirst().rules();
    assertThat(metric)
        .extracting(Rule::name)
        .containsExactly(
            "service:error_ratio",
            "ServiceErrorRateHigh",
            "service:latency_p99",
            "ServiceLatencyAboveBaseline");
    assertThat(metric.get(1).expr()).isEqualTo("service:error_ratio > 0.05");
    assertThat(metric.get(1).labels()).containsEntry("severity", "critical");
    // The alert's service's error-level lines, its name quoted by the template.
    assertThat(metric.get(1).evidence())
        .startsWith("{service_name={{ printf \"%q\" $labels.service_name }}, level=~\"(?i)(error|");
    assertThat(metric.get(2).isBaseline()).isTrue();
    assertThat(metric.get(2).expr()).endsWith(" * 0.001");
    assertThat(metric.get(3).expr())
        .isEqualTo("service:latency_p99 > service:latency_p99:baseline_upper");
    assertThat(groups.get(1).rules().getFirst().expr())
        .startsWith("sum by (service_name) (count_over_time({service_name=~\".+\", level=~")
        .endsWith("[5m])) > 50");

    // Switched off one by one; without logs no LogQL rule and no evidence query.
    List<RuleGroup> some =
        DefaultRules.groups(
            new DefaultRules.Settings(ALL.errorRate(), null, ALL.errorLogs(), SPANS, null));
    assertThat(some).singleElement().extracting(RuleGroup::name).isEqualTo(DefaultRules.GROUP);
    assertThat(some.getFirst().rules())
        .extracting(Rule::name)
        .containsExactly("service:error_ratio", "ServiceErrorRateHigh");
    assertThat(some.getFirst().rules().get(1).evidence()).isNull();
    assertThat(DefaultRules.groups(new DefaultRules.Settings(null, null, null, SPANS, null)))
        .isEmpty();
  }

  private Ruler newRuler(RulerSettings settings) {
    List<RuleGroup> groups =
        DefaultRules.groups(
            new DefaultRules.Settings(
                new DefaultRules.ErrorRate(0.05, Duration.ofMinutes(5), Duration.ZERO, "critical"),
                null,
                null,
                SPANS,
                null));
    Ruler r =
        new Ruler(
            settings.withEvaluationDelay(Duration.ZERO),
            scope -> series,
            EngineSettings.defaults(),
            null,
            batch -> {},
            clock,
            new RulerMetrics(null),
            new DefaultRuleSet(DefaultRules.NAMESPACE, groups, () -> tenants));
    r.load();
    return r;
  }

  /** Calls of checkout over 5 minutes, one in {@code everyNth} failing. */
  private void calls(TenantId tenant, int everyNth) {
    for (String status : List.of("STATUS_CODE_UNSET", "STATUS_CODE_ERROR")) {
      Labels labels =
          Labels.of(
              "__name__", "traces_span_metrics_calls_total",
              "service_name", "checkout",
              "span_kind", "SPAN_KIND_SERVER",
              "status_code", status,
              "tenant", tenant.value());
      for (int minute = 0; minute <= 5; minute++) {
        double calls = minute * 100.0;
        series.append(
            labels,
            START.minus(Duration.ofMinutes(5 - minute)).toEpochMilli(),
            status.equals("STATUS_CODE_ERROR") ? calls / everyNth : calls);
      }
    }
  }

  @Test
  void everyTenantWithDataGetsThemReadOnlyAndTheyFire() throws Exception {
    TenantId a = TenantId.parse("team-a");
    TenantId b = TenantId.parse("team-b");
    tenants.add(a);
    ruler = newRuler(RulerSettings.defaults(data));
    calls(a, 5);
    ruler.evaluateAll();
    List<Alert> alerts = ruler.alerts(TenantScope.of(a));
    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.name()).isEqualTo("ServiceErrorRateHigh");
              assertThat(alert.state()).isEqualTo(AlertState.FIRING);
              assertThat(alert.labels())
                  .containsEntry("service_name", "checkout")
                  .containsEntry("severity", "critical");
            });
    assertThat(ruler.namespaces(a)).containsOnlyKeys(DefaultRules.NAMESPACE);
    assertThatThrownBy(
            () -> ruler.setGroup(a, DefaultRules.NAMESPACE, DefaultRules.groups(ALL).getFirst()))
        .hasMessageContaining("holds Tracemate's default rules");
    assertThat(ruler.namespaces(b)).isEmpty();

    // A tenant that appears later gets them at the next poll.
    tenants.add(b);
    ruler.pollRulesDirectory();
    assertThat(ruler.namespaces(b)).containsOnlyKeys(DefaultRules.NAMESPACE);
  }

  @Test
  void aRuleFileOfTheirNameReplacesThemForItsTenantAndTheyComeBackWhenItGoes() throws Exception {
    TenantId a = TenantId.parse("team-a");
    tenants.add(a);
    Path file = rules.resolve("team-a").resolve(DefaultRules.NAMESPACE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "groups: []\n");
    ruler = newRuler(RulerSettings.defaults(data).withRulesDirectory(rules));
    // An empty file: no default rules for team-a.
    assertThat(ruler.namespaces(a)).isEmpty();
    Files.delete(file);
    ruler.pollRulesDirectory();
    assertThat(ruler.namespace(a, DefaultRules.NAMESPACE)).isPresent();
  }
}
