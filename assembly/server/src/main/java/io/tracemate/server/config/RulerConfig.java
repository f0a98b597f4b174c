package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.alerting.rules.RulerSettings;
import io.tracemate.alerting.rules.history.AlertHistorySettings;
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
 * @param maxBaselineSeriesPerTenant most series one tenant's baseline rules learn (1000; each ~30 KB of memory and
 *     of {@code rules-baselines/} on disk with the default weekly season)
 * @param defaultRules the rules every tenant gets per service ({@link DefaultRulesConfig}); on by default,
 *     {@code false}: off
 * @param alertHistory {@code alert_history}: how long ({@code retention}, 7d) and how much ({@code
 *     max_entries_per_tenant}, 20000) of the alerts' transitions is kept per tenant
 * @param maxPreviewRange longest range {@code POST /api/rules/preview} evaluates a rule over (24h)
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
    @JsonProperty("max_baseline_series_per_tenant") Integer maxBaselineSeriesPerTenant,
    @JsonProperty("default_rules") Toggled<DefaultRulesConfig> defaultRules,
    @JsonProperty("alert_history") AlertHistory alertHistory,
    @JsonProperty("max_preview_range") Duration maxPreviewRange) {
  public static final RulerConfig DEFAULTS =
      new RulerConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null);

  /** {@code alert_history}: the alert transitions kept per tenant for the alerts page. */
  public record AlertHistory(
      @JsonProperty("retention") Duration retention,
      @JsonProperty("max_entries_per_tenant") Integer maxEntriesPerTenant) {
    public static final AlertHistory DEFAULTS = new AlertHistory(null, null);

    public AlertHistory {
      retention =
          ConfigChecks.positive(
              retention,
              AlertHistorySettings.DEFAULTS.retention(),
              "ruler.alert_history.retention");
      maxEntriesPerTenant =
          ConfigChecks.atLeast(
              maxEntriesPerTenant,
              AlertHistorySettings.DEFAULTS.maxEntries(),
              10,
              "ruler.alert_history.max_entries_per_tenant");
    }

    AlertHistorySettings settings() {
      return new AlertHistorySettings(retention, maxEntriesPerTenant);
    }
  }

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
    maxBaselineSeriesPerTenant =
        ConfigChecks.atLeast(
            maxBaselineSeriesPerTenant, 1000, 1, "ruler.max_baseline_series_per_tenant");
    defaultRules =
        defaultRules == null ? Toggled.byDefault(DefaultRulesConfig.DEFAULTS) : defaultRules;
    alertHistory = alertHistory == null ? AlertHistory.DEFAULTS : alertHistory;
    if (evidenceLines > 100) {
      throw new IllegalArgumentException(
          "ruler.evidence_lines must be at most 100, got " + evidenceLines);
    }
    maxPreviewRange =
        ConfigChecks.positive(maxPreviewRange, Duration.ofHours(24), "ruler.max_preview_range");
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
        maxBaselineSeriesPerTenant,
        alertHistory.settings());
  }
}
