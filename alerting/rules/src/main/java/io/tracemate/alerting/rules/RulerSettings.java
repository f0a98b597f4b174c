package io.tracemate.alerting.rules;

import io.tracemate.alerting.rules.history.AlertHistorySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the ruler runs (the server's {@code ruler} block, Loki's key names where Loki has the setting).
 *
 * @param rulesDirectory the operator's rule files, {@code <dir>/<tenant>/<namespace>}, read-only; null: none
 *     (Loki's {@code storage.local.directory})
 * @param dataDirectory where rules set through the API ({@code rules/}) and the alert state ({@code rules-state/})
 *     are kept
 * @param evaluationInterval interval of groups that name none (Loki's {@code evaluation_interval}, 1m)
 * @param evaluationDelay how far before now groups are evaluated so late data counts (Loki's
 *     {@code evaluation_delay_duration}; default 1m); a group's {@code query_offset} overrides it
 * @param pollInterval how often the rule directory is read again (Loki's {@code poll_interval}, 1m)
 * @param threads evaluations that run at once (each tenant's groups run one at a time)
 * @param externalUrl the UI's address as people reach it: alerts' generator URLs and {@code $externalURL}
 * @param externalLabels {@code $externalLabels} of templates
 * @param maxRulesPerGroup most rules in one group, 0 = no limit (Loki's {@code ruler_max_rules_per_rule_group})
 * @param maxGroupsPerTenant most groups of one tenant, 0 = no limit (Loki's
 *     {@code ruler_max_rule_groups_per_tenant})
 * @param maxRecordedSeries most series one tenant's recording rules may hold
 * @param recordedSeriesRetention how long recorded samples are kept
 * @param evidenceLines most log lines gathered as an alert's evidence
 * @param evidenceTraceIds most trace IDs of the span metrics' exemplars gathered as a PromQL alert's evidence
 * @param maxBaselineSeries most series one tenant's baseline rules may learn (each ~30 KB of memory and disk)
 * @param alertHistory how long and how much alert history is kept per tenant
 */
public record RulerSettings(
    Path rulesDirectory,
    Path dataDirectory,
    Duration evaluationInterval,
    Duration evaluationDelay,
    Duration pollInterval,
    int threads,
    String externalUrl,
    Map<String, String> externalLabels,
    int maxRulesPerGroup,
    int maxGroupsPerTenant,
    int maxRecordedSeries,
    Duration recordedSeriesRetention,
    int evidenceLines,
    int evidenceTraceIds,
    int maxBaselineSeries,
    AlertHistorySettings alertHistory) {
  public RulerSettings {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(evaluationInterval, "evaluationInterval");
    Objects.requireNonNull(evaluationDelay, "evaluationDelay");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(externalUrl, "externalUrl");
    externalLabels = Map.copyOf(externalLabels);
    Objects.requireNonNull(recordedSeriesRetention, "recordedSeriesRetention");
    Objects.requireNonNull(alertHistory, "alertHistory");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    if (maxBaselineSeries < 1) {
      throw new IllegalArgumentException(
          "maxBaselineSeries must be positive, got " + maxBaselineSeries);
    }
  }

  /** Defaults over {@code dataDirectory}, for tests. */
  public static RulerSettings defaults(Path dataDirectory) {
    return new RulerSettings(
        null,
        dataDirectory,
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        2,
        "http://localhost:16686/",
        Map.of(),
        100,
        200,
        10_000,
        Duration.ofHours(6),
        5,
        5,
        1000,
        AlertHistorySettings.DEFAULTS);
  }

  /** The same settings with another evaluation delay. */
  public RulerSettings withEvaluationDelay(Duration delay) {
    return new RulerSettings(
        rulesDirectory,
        dataDirectory,
        evaluationInterval,
        delay,
        pollInterval,
        threads,
        externalUrl,
        externalLabels,
        maxRulesPerGroup,
        maxGroupsPerTenant,
        maxRecordedSeries,
        recordedSeriesRetention,
        evidenceLines,
        evidenceTraceIds,
        maxBaselineSeries,
        alertHistory);
  }

  /** The same settings with another rule directory. */
  public RulerSettings withRulesDirectory(Path directory) {
    return new RulerSettings(
        directory,
        dataDirectory,
        evaluationInterval,
        evaluationDelay,
        pollInterval,
        threads,
        externalUrl,
        externalLabels,
        maxRulesPerGroup,
        maxGroupsPerTenant,
        maxRecordedSeries,
        recordedSeriesRetention,
        evidenceLines,
        evidenceTraceIds,
        maxBaselineSeries,
        alertHistory);
  }

  /** The same settings with another bound on baseline series. */
  public RulerSettings withMaxBaselineSeries(int max) {
    return new RulerSettings(
        rulesDirectory,
        dataDirectory,
        evaluationInterval,
        evaluationDelay,
        pollInterval,
        threads,
        externalUrl,
        externalLabels,
        maxRulesPerGroup,
        maxGroupsPerTenant,
        maxRecordedSeries,
        recordedSeriesRetention,
        evidenceLines,
        evidenceTraceIds,
        max,
        alertHistory);
  }
}
