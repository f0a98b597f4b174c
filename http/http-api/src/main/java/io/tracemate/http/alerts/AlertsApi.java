package io.tracemate.http.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.Evidence;
import io.tracemate.alerting.model.LiveAlerts;
import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.alerting.rules.history.AlertHistory;
import io.tracemate.alerting.rules.history.AlertTransition;
import io.tracemate.alerting.rules.history.HistoryQuery;
import io.tracemate.alerting.rules.history.HistoryState;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.http.support.TimeWindow;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The alerts page's API, Tracemate's own (JSON, camelCase, epoch-millisecond times, {@code {"error": {"code",
 * "message"}}} errors), over the request's tenants:
 *
 * <ul>
 *   <li>{@code GET /api/alerts?alertname=&service=&filter=} — the alerts in force: every pending, firing and
 *       recently resolved (15 minutes) alert of the last evaluation of each rule group, with its group, labels,
 *       annotations, times, value, generator URL, whole evidence (log lines, trace IDs), and whether an active
 *       silence matches it now. What Prometheus' {@code /api/v1/alerts} leaves out (resolved alerts, evidence,
 *       fired-at) is why the page does not read that.
 *   <li>{@code GET /api/alerts/history?start=&end=|lookback=&alertname=&service=&state=&filter=&limit=} — the alert
 *       history ({@link AlertHistory}): transitions in the window (the last 24 hours when none of {@code start},
 *       {@code end}, {@code lookback} is given), newest first, at most
 *       {@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value HistoryQuery#MAX_LIMIT}); {@code state}
 *       (repeated or comma-separated: pending, firing, resolved, inactive) keeps transitions to those states.
 * </ul>
 *
 * Both take the same label filters: {@code alertname}, {@code service} (the alert's {@code service_name} or
 * {@code service} label, as the topology matches them) and {@code filter}, repeated Alertmanager matchers ({@code
 * severity="critical"}, {@code pod=~"api-.*"}) that must all match. A read of several tenants tags each alert and
 * entry with its {@code tenant}. Thread-safe; handlers run on the blocking executor (the history reads files).
 */
public final class AlertsApi {
  public static final String ALERTS = "/api/alerts";
  public static final String HISTORY = "/api/alerts/history";
  static final int DEFAULT_LIMIT = 500;

  /** Most {@code filter} matchers one request may give. */
  static final int MAX_FILTERS = 20;

  private static final BlockingEndpoints ENDPOINTS =
      BlockingEndpoints.of(ApiErrors.of(ErrorShape.TRACEMATE));

  /** Whether an active silence matches an alert of a tenant now (the notifier's silences). */
  @FunctionalInterface
  public interface Silences {
    Silences NONE = (tenant, labels, now) -> false;

    boolean silenced(TenantId tenant, Map<String, String> labels, Instant now);
  }

  private final LiveAlerts live;
  private final AlertHistory history;
  private final Silences silences;
  private final Clock clock;

  /**
   * @param live the ruler's alerts in force
   * @param history the ruler's alert history; null when the ruler is off (the history is then empty)
   * @param silences whether a silence matches an alert
   */
  public AlertsApi(LiveAlerts live, AlertHistory history, Silences silences, Clock clock) {
    this.live = live;
    this.history = history;
    this.silences = silences;
    this.clock = clock;
  }

  /** Every route (READ). */
  public static List<String> routes() {
    return List.of(ALERTS, HISTORY);
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server.route().get(ALERTS).build(ENDPOINTS.service(this::alerts));
    server.route().get(HISTORY).build(ENDPOINTS.service(this::history));
    return server;
  }

  private HttpResponse alerts(ServiceRequestContext ctx) {
    Predicate<Map<String, String>> labels = labelFilter(ctx.queryParams());
    TenantScope scope = RequestTenants.scope(ctx);
    Instant now = clock.instant();
    boolean several = !scope.isSingle();
    List<AlertBatch> groups = new ArrayList<>();
    for (TenantId tenant : scope.tenants()) {
      groups.addAll(live.latest(tenant));
    }
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("alerts");
          for (AlertBatch group : groups) {
            for (Alert alert : group.alerts()) {
              if (labels.test(alert.labels())) {
                writeAlert(
                    out,
                    group,
                    alert,
                    silences.silenced(alert.tenant(), alert.labels(), now),
                    several);
              }
            }
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  private HttpResponse history(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    Instant now = clock.instant();
    TimeWindow window =
        params.contains("start") || params.contains("end") || params.contains("lookback")
            ? TimeWindow.parse(params, now)
            : new TimeWindow(now.minus(Duration.ofDays(1)), now, Duration.ofMinutes(1));
    int limit = TimeWindow.intParam(params, "limit", DEFAULT_LIMIT, 1, HistoryQuery.MAX_LIMIT);
    Set<HistoryState> states = EnumSet.noneOf(HistoryState.class);
    for (String value : params.getAll("state")) {
      for (String name : value.split(",")) {
        if (name.isBlank()) {
          continue;
        }
        HistoryState state = HistoryState.parse(name.strip());
        if (state == null) {
          throw new BadRequestException(
              "parameter 'state': unknown state '"
                  + name.strip()
                  + "' (pending, firing, resolved or inactive)");
        }
        states.add(state);
      }
    }
    if (window.end().isBefore(window.start())) {
      throw new BadRequestException("parameter 'end' is before 'start'");
    }
    HistoryQuery query =
        new HistoryQuery(window.start(), window.end(), states, labelFilter(params), limit);
    TenantScope scope = RequestTenants.scope(ctx);
    List<AlertTransition> entries = history == null ? List.of() : history.read(scope, query);
    boolean several = !scope.isSingle();
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeNumberField("start", query.start().toEpochMilli());
          out.writeNumberField("end", query.end().toEpochMilli());
          out.writeNumberField("limit", limit);
          out.writeBooleanField("limited", entries.size() == limit);
          if (history != null) {
            out.writeStringField("retention", history.settings().retention().toString());
          }
          out.writeArrayFieldStart("entries");
          for (AlertTransition entry : entries) {
            writeEntry(out, entry, several);
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  /** {@code alertname}, {@code service} and {@code filter} matchers, all of which must hold. */
  static Predicate<Map<String, String>> labelFilter(QueryParams params) {
    List<Predicate<Map<String, String>>> tests = new ArrayList<>();
    String alertname = params.get("alertname");
    if (alertname != null && !alertname.isBlank()) {
      tests.add(labels -> alertname.equals(labels.get("alertname")));
    }
    String service = params.get("service");
    if (service != null && !service.isBlank()) {
      tests.add(
          labels -> {
            String named = labels.get("service_name");
            return service.equals(named == null || named.isEmpty() ? labels.get("service") : named);
          });
    }
    List<String> filters = params.getAll("filter");
    if (filters.size() > MAX_FILTERS) {
      throw new BadRequestException(
          "at most " + MAX_FILTERS + " 'filter' matchers, got " + filters.size());
    }
    for (String text : filters) {
      try {
        LabelMatcher.Compiled matcher = LabelMatcher.parse(text).compile();
        tests.add(matcher::matches);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("parameter 'filter': " + e.getMessage());
      }
    }
    return labels -> tests.stream().allMatch(t -> t.test(labels));
  }

  private static void writeAlert(
      JsonGenerator out, AlertBatch group, Alert alert, boolean silenced, boolean several)
      throws IOException {
    out.writeStartObject();
    if (several) {
      out.writeStringField("tenant", alert.tenant().value());
    }
    out.writeStringField("namespace", group.namespace());
    out.writeStringField("group", group.group());
    out.writeStringField("name", alert.name());
    out.writeStringField("state", alert.state().name().toLowerCase(Locale.ROOT));
    writeMap(out, "labels", alert.labels());
    writeMap(out, "annotations", alert.annotations());
    out.writeNumberField("activeAt", alert.activeAt().toEpochMilli());
    time(out, "firedAt", alert.firedAt());
    time(out, "resolvedAt", alert.resolvedAt());
    number(out, "value", alert.value());
    out.writeStringField("generatorUrl", alert.generatorUrl());
    out.writeBooleanField("silenced", silenced);
    out.writeNumberField("evaluatedAt", group.evaluatedAt().toEpochMilli());
    Evidence evidence = alert.evidence();
    out.writeObjectFieldStart("evidence");
    out.writeArrayFieldStart("logLines");
    for (Evidence.LogLine line : evidence.logLines()) {
      out.writeStartObject();
      writeMap(out, "labels", line.labels());
      out.writeNumberField("time", line.time().toEpochMilli());
      out.writeStringField("line", line.line());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("traceIds");
    for (String id : evidence.traceIds()) {
      out.writeString(id);
    }
    out.writeEndArray();
    out.writeEndObject();
    out.writeEndObject();
  }

  private static void writeEntry(JsonGenerator out, AlertTransition entry, boolean several)
      throws IOException {
    out.writeStartObject();
    out.writeNumberField("time", entry.time().toEpochMilli());
    if (several) {
      out.writeStringField("tenant", entry.tenant().value());
    }
    out.writeStringField("namespace", entry.namespace());
    out.writeStringField("group", entry.group());
    out.writeStringField("name", entry.alertname());
    if (entry.from() == null) {
      out.writeNullField("from");
    } else {
      out.writeStringField("from", entry.from().apiName());
    }
    out.writeStringField("state", entry.to().apiName());
    writeMap(out, "labels", entry.labels());
    writeMap(out, "annotations", entry.annotations());
    number(out, "value", entry.value());
    out.writeNumberField("activeAt", entry.activeAt().toEpochMilli());
    out.writeObjectFieldStart("evidence");
    out.writeNumberField("logLines", entry.evidence().logLines());
    out.writeArrayFieldStart("traceIds");
    for (String id : entry.evidence().traceIds()) {
      out.writeString(id);
    }
    out.writeEndArray();
    out.writeStringField("firstLine", entry.evidence().firstLine());
    out.writeEndObject();
    out.writeEndObject();
  }

  private static void writeMap(JsonGenerator out, String field, Map<String, String> map)
      throws IOException {
    out.writeObjectFieldStart(field);
    for (Map.Entry<String, String> entry : new java.util.TreeMap<>(map).entrySet()) {
      out.writeStringField(entry.getKey(), entry.getValue());
    }
    out.writeEndObject();
  }

  private static void time(JsonGenerator out, String field, Instant time) throws IOException {
    if (time == null) {
      out.writeNullField(field);
    } else {
      out.writeNumberField(field, time.toEpochMilli());
    }
  }

  /** A number, or null for NaN and the infinities (JSON has none). */
  private static void number(JsonGenerator out, String field, double value) throws IOException {
    if (Double.isFinite(value)) {
      out.writeNumberField(field, value);
    } else {
      out.writeNullField(field);
    }
  }
}
