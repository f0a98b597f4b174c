package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.rules.RulerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ruler}: alerting and recording rules, with Loki's ruler key names where Loki has the setting (a pasted
 * Loki {@code ruler} block's storage, intervals and limits mean the same here).
 *
 * @param enabled evaluate rules and serve the ruler APIs (default true)
 * @param storage where operators keep rule files: {@code storage.type: local} and {@code storage.local.directory}
 *     ({@code <dir>/<tenant>/<namespace>}, read-only to the API); rules set through the API are kept under
 *     {@code storage.data-dir} whatever this says
 * @param evaluationInterval interval of a group that names none (Loki's default, 1m)
 * @param evaluationDelay how far before now rules are evaluated so late spans and lines count (default 1m; Loki's
 *     per-tenant {@code ruler_evaluation_delay_duration}); a group's {@code query_offset} overrides it
 * @param pollInterval how often the rule directory is read again (1m)
 * @param concurrentEvaluations groups evaluated at once (each tenant's one at a time; default 2)
 * @param externalUrl the UI's address as people reach it, for alerts' generator URLs and {@code $externalURL};
 *     default: the query port's own address
 * @param externalLabels {@code $externalLabels} in templates
 * @param maxRulesPerRuleGroup most rules in one group (Loki's {@code ruler_max_rules_per_rule_group}; Loki's
 *     default 0 is no limit, Tracemate's 100)
 * @param maxRuleGroupsPerTenant most groups of one tenant (Loki's {@code ruler_max_rule_groups_per_tenant};
 *     default 200)
 * @param maxRecordedSeriesPerTenant most series one tenant's recording rules may hold in memory (10000)
 * @param recordedSeriesRetention how long recorded samples are kept in memory (6h; not kept across restarts)
 * @param evidenceLines most log lines an alert carries as evidence (5; 0 = none)
 * @param evidenceTraceIds most trace IDs of the span metrics' exemplars a PromQL alert carries as evidence (5; 0 =
 *     none)
 */
public record RulerConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("storage") Storage storage,
    @JsonProperty("evaluation_interval") Duration evaluationInterval,
    @JsonProperty("evaluation_delay_duration") Duration evaluationDelay,
    @JsonProperty("poll_interval") Duration pollInterval,
    @JsonProperty("concurrent_evaluations") Integer concurrentEvaluations,
    @JsonProperty("external_url") String externalUrl,
    @JsonProperty("external_labels") Map<String, String> externalLabels,
    @JsonProperty("max_rules_per_rule_group") Integer maxRulesPerRuleGroup,
    @JsonProperty("max_rule_groups_per_tenant") Integer maxRuleGroupsPerTenant,
    @JsonProperty("max_recorded_series_per_tenant") Integer maxRecordedSeriesPerTenant,
    @JsonProperty("recorded_series_retention") Duration recordedSeriesRetention,
    @JsonProperty("evidence_lines") Integer evidenceLines,
    @JsonProperty("evidence_trace_ids") Integer evidenceTraceIds) {
  public static final RulerConfig DEFAULTS =
      new RulerConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** Loki's {@code storage} block: only {@code local} is supported. */
  public record Storage(@JsonProperty("type") String type, @JsonProperty("local") Local local) {
    public static final Storage DEFAULTS = new Storage(null, null);

    public Storage {
      type = type == null ? "local" : type;
      if (!type.equals("local")) {
        throw new IllegalArgumentException(
            "ruler.storage.type must be local (rule files on disk), got " + type);
      }
      local = local == null ? new Local(null) : local;
    }
  }

  /** {@code storage.local}: the rule directory; none by default. */
  public record Local(@JsonProperty("directory") Path directory) {}

  public RulerConfig {
    enabled = enabled == null || enabled;
    storage = storage == null ? Storage.DEFAULTS : storage;
    evaluationInterval =
        ConfigChecks.positive(
            evaluationInterval, Duration.ofMinutes(1), "ruler.evaluation_interval");
    if (evaluationDelay == null) {
      evaluationDelay = Duration.ofMinutes(1);
    } else if (evaluationDelay.isNegative()) {
      throw new IllegalArgumentException(
          "ruler.evaluation_delay_duration must not be negative, got " + evaluationDelay);
    }
    pollInterval =
        ConfigChecks.positive(pollInterval, Duration.ofMinutes(1), "ruler.poll_interval");
    concurrentEvaluations =
        ConfigChecks.atLeast(concurrentEvaluations, 2, 1, "ruler.concurrent_evaluations");
    externalUrl = externalUrl == null ? "" : externalUrl;
    externalLabels = externalLabels == null ? Map.of() : Map.copyOf(externalLabels);
    maxRulesPerRuleGroup =
        ConfigChecks.atLeast(maxRulesPerRuleGroup, 100, 0, "ruler.max_rules_per_rule_group");
    maxRuleGroupsPerTenant =
        ConfigChecks.atLeast(maxRuleGroupsPerTenant, 200, 0, "ruler.max_rule_groups_per_tenant");
    maxRecordedSeriesPerTenant =
        ConfigChecks.atLeast(
            maxRecordedSeriesPerTenant, 10_000, 1, "ruler.max_recorded_series_per_tenant");
    recordedSeriesRetention =
        ConfigChecks.positive(
            recordedSeriesRetention, Duration.ofHours(6), "ruler.recorded_series_retention");
    evidenceLines = ConfigChecks.atLeast(evidenceLines, 5, 0, "ruler.evidence_lines");
    if (evidenceLines > 100) {
      throw new IllegalArgumentException(
          "ruler.evidence_lines must be at most 100, got " + evidenceLines);
    }
    evidenceTraceIds = ConfigChecks.atLeast(evidenceTraceIds, 5, 0, "ruler.evidence_trace_ids");
    if (evidenceTraceIds > 100) {
      throw new IllegalArgumentException(
          "ruler.evidence_trace_ids must be at most 100, got " + evidenceTraceIds);
    }
  }

  /**
   * The evaluator's settings.
   *
   * @param dataDirectory {@code storage.data-dir}
   * @param defaultExternalUrl the UI's address when {@code external_url} is not set
   */
  public RulerSettings settings(Path dataDirectory, String defaultExternalUrl) {
    return new RulerSettings(
        storage.local().directory(),
        dataDirectory,
        evaluationInterval,
        evaluationDelay,
        pollInterval,
        concurrentEvaluations,
        externalUrl.isEmpty() ? defaultExternalUrl : externalUrl,
        externalLabels,
        maxRulesPerRuleGroup,
        maxRuleGroupsPerTenant,
        maxRecordedSeriesPerTenant,
        recordedSeriesRetention,
        evidenceLines,
        evidenceTraceIds);
  }
}
