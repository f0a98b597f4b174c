package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.alerting.notify.delivery.HttpSender;
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
 * @param externalUrl Tracemate's one external URL (Loki's {@code ruler.external_url}): the UI's address as people
 *     reach it, for alerts' generator URLs, {@code $externalURL}, the evidence's links and the webhook's {@code
 *     externalURL}; default: the query port's own address. {@code alerting.external_url} is its deprecated spelling
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
 * @param enableApi Loki's {@code enable_api} (default true): false leaves the ruler APIs unserved (their paths
 *     answer 404, as Loki's do when disabled); rules in {@code storage.local.directory} are still evaluated
 * @param alertmanagerUrl Loki's {@code ruler.alertmanager_url}: the same setting as {@code alerting.alertmanager_url}
 *     (setting both to different values is an error)
 * @param rulePath Loki's {@code rule_path}, the scratch directory of its Prometheus rule managers: Tracemate needs
 *     none, so it is accepted and ignored (with a warning at start)
 * @param ring Loki's {@code ring}, which shards rule groups across rulers: one Tracemate process evaluates them all,
 *     so it is accepted and ignored (with a warning at start)
 * @param enableAlertmanagerV2 Loki's {@code enable_alertmanager_v2}: Tracemate speaks v2 only, so true is accepted
 *     and false refused
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
    @JsonProperty("evidence_trace_ids") Integer evidenceTraceIds,
    @JsonProperty("enable_api") Boolean enableApi,
    @JsonProperty("alertmanager_url") String alertmanagerUrl,
    @JsonProperty("rule_path") String rulePath,
    @JsonProperty("ring") JsonNode ring,
    @JsonProperty("enable_alertmanager_v2") Boolean enableAlertmanagerV2,
    @JsonProperty("max_baseline_series_per_tenant") Integer maxBaselineSeriesPerTenant,
    @JsonProperty("default_rules") Toggled<DefaultRulesConfig> defaultRules,
    @JsonProperty("alert_history") AlertHistory alertHistory,
    @JsonProperty("max_preview_range") Duration maxPreviewRange) {
  public static final RulerConfig DEFAULTS =
      new RulerConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null);

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
    externalUrl = externalUrl == null ? "" : externalUrl.strip();
    if (!externalUrl.isEmpty()) {
      HttpSender.checkUrl(externalUrl, "ruler.external_url");
    }
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
    maxBaselineSeriesPerTenant =
        ConfigChecks.atLeast(
            maxBaselineSeriesPerTenant, 1000, 1, "ruler.max_baseline_series_per_tenant");
    defaultRules =
        defaultRules == null ? Toggled.byDefault(DefaultRulesConfig.DEFAULTS) : defaultRules;
    alertHistory = alertHistory == null ? AlertHistory.DEFAULTS : alertHistory;
    evidenceTraceIds = ConfigChecks.atLeast(evidenceTraceIds, 5, 0, "ruler.evidence_trace_ids");
    if (evidenceTraceIds > 100) {
      throw new IllegalArgumentException(
          "ruler.evidence_trace_ids must be at most 100, got " + evidenceTraceIds);
    }
    enableApi = enableApi == null || enableApi;
    alertmanagerUrl = alertmanagerUrl == null ? "" : alertmanagerUrl.strip();
    rulePath = rulePath == null ? "" : rulePath;
    if (Boolean.FALSE.equals(enableAlertmanagerV2)) {
      throw new IllegalArgumentException(
          "ruler.enable_alertmanager_v2: false is not supported: Tracemate sends to Alertmanager's v2 API"
              + " only (Alertmanager 0.16 and later); remove the key or set it to true");
    }
    maxPreviewRange =
        ConfigChecks.positive(maxPreviewRange, Duration.ofHours(24), "ruler.max_preview_range");
  }

  /**
   * What Tracemate accepts from a pasted Loki ruler block but does not act on, one warning each (logged at
   * start).
   */
  public java.util.List<String> ignoredLokiKeys() {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (!rulePath.isEmpty()) {
      out.add(
          "ruler.rule_path is ignored: it is Loki's scratch directory for its Prometheus rule managers,"
              + " which Tracemate does not need (rules set through the API are kept under"
              + " storage.data-dir/rules)");
    }
    if (ring != null && !ring.isNull()) {
      out.add(
          "ruler.ring is ignored: Loki's ring shards rule groups across rulers; this Tracemate process"
              + " evaluates every rule group itself");
    }
    return out;
  }

  /**
   * The evaluator's settings.
   *
   * @param dataDirectory {@code storage.data-dir}
   * @param externalUrl the UI's address as resolved from the configuration ({@link
   *     TracemateConfig#externalUrl()}, else the query port's)
   */
  public RulerSettings settings(Path dataDirectory, String externalUrl) {
    return new RulerSettings(
        storage.local().directory(),
        dataDirectory,
        evaluationInterval,
        evaluationDelay,
        pollInterval,
        concurrentEvaluations,
        externalUrl,
        externalLabels,
        maxRulesPerRuleGroup,
        maxRuleGroupsPerTenant,
        maxRecordedSeriesPerTenant,
        recordedSeriesRetention,
        evidenceLines,
        evidenceTraceIds,
        maxBaselineSeriesPerTenant,
        alertHistory.settings());
  }
}
