package io.tracemate.http.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.rules.GroupStatus;
import io.tracemate.alerting.rules.Rule;
import io.tracemate.alerting.rules.RuleStatus;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.http.prometheus.PromErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestTenants;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Prometheus' rules and alerts API ({@code /api/v1/rules}, {@code /api/v1/alerts}, also under {@code /prometheus}
 * and Loki's legacy {@code /api/prom}), which Grafana reads to list a data source's rules and alerts: groups with
 * their rules' health, last error, evaluation time and last evaluation, alerting rules with their state and alerts
 * ({@code activeAt}, {@code value} in Go's {@code %e}), filtered by {@code type=alert|record}, {@code rule_name[]},
 * {@code rule_group[]}, {@code file[]} and {@code exclude_alerts}, as Prometheus filters them. Every call covers the
 * request's tenant scope. Thread-safe.
 */
public final class PromRulesApi {
  private static final List<String> PREFIXES =
      List.of("/api/v1", "/prometheus/api/v1", "/api/prom/api/v1");

  /** Go's zero time, which Prometheus writes for a rule not evaluated yet. */
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private final Ruler ruler;
  private final BlockingEndpoints endpoints = BlockingEndpoints.of(PromErrors.API);

  public PromRulesApi(Ruler ruler) {
    this.ruler = Objects.requireNonNull(ruler, "ruler");
  }

  /** Every route (READ). */
  public static List<String> routes() {
    List<String> routes = new ArrayList<>();
    for (String prefix : PREFIXES) {
      routes.add(prefix + "/rules");
      routes.add(prefix + "/alerts");
    }
    return routes;
  }

  public ServerBuilder addTo(ServerBuilder server) {
    for (String prefix : PREFIXES) {
      server.route().get(prefix + "/rules").build(endpoints.service(this::rules));
      server.route().get(prefix + "/alerts").build(endpoints.service(this::alerts));
    }
    return server;
  }

  private HttpResponse rules(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String type = params.get("type", "").toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw new BadRequestException("not supported value \"" + type + "\"");
    }
    Set<String> names = new HashSet<>(params.getAll("rule_name[]"));
    Set<String> groupNames = new HashSet<>(params.getAll("rule_group[]"));
    Set<String> files = new HashSet<>(params.getAll("file[]"));
    boolean excludeAlerts = Boolean.parseBoolean(params.get("exclude_alerts", "false"));
    boolean filtered = !type.isEmpty() || !names.isEmpty();
    List<GroupStatus> groups = new ArrayList<>(ruler.status(RequestTenants.scope(ctx)));
    groups.sort(Comparator.comparing(GroupStatus::namespace).thenComparing(g -> g.group().name()));
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeObjectFieldStart("data");
          out.writeArrayFieldStart("groups");
          for (GroupStatus group : groups) {
            if (!groupNames.isEmpty() && !groupNames.contains(group.group().name())
                || !files.isEmpty() && !files.contains(group.namespace())) {
              continue;
            }
            List<RuleStatus> rules = new ArrayList<>();
            for (RuleStatus rule : group.rules()) {
              boolean alerting = rule.rule().isAlerting();
              if (type.equals("alert") && !alerting
                  || type.equals("record") && alerting
                  || !names.isEmpty() && !names.contains(rule.rule().name())) {
                continue;
              }
              rules.add(rule);
            }
            if (filtered && rules.isEmpty()) {
              continue;
            }
            writeGroup(out, group, rules, excludeAlerts);
          }
          out.writeEndArray();
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  private HttpResponse alerts(ServiceRequestContext ctx) {
    List<Alert> alerts = ruler.alerts(RequestTenants.scope(ctx));
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeObjectFieldStart("data");
          out.writeArrayFieldStart("alerts");
          for (Alert alert : alerts) {
            writeAlert(out, alert);
          }
          out.writeEndArray();
          out.writeEndObject();
          out.writeEndObject();
        });
  }

  private static void writeGroup(
      JsonGenerator out, GroupStatus group, List<RuleStatus> rules, boolean excludeAlerts)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("name", group.group().name());
    out.writeStringField("file", group.namespace());
    out.writeArrayFieldStart("rules");
    for (RuleStatus status : rules) {
      Rule rule = status.rule();
      out.writeStartObject();
      if (rule.isAlerting()) {
        out.writeStringField("state", status.state());
      }
      out.writeStringField("name", rule.name());
      out.writeStringField("query", rule.expr());
      if (rule.isAlerting()) {
        out.writeNumberField("duration", seconds(rule.forDuration()));
        out.writeNumberField("keepFiringFor", seconds(rule.keepFiringFor()));
      }
      writeMap(out, "labels", rule.labels());
      if (rule.isAlerting()) {
        writeMap(out, "annotations", rule.annotations());
        if (!excludeAlerts) {
          out.writeArrayFieldStart("alerts");
          for (Alert alert : status.alerts()) {
            writeAlert(out, alert);
          }
          out.writeEndArray();
        }
      }
      out.writeStringField("health", status.health());
      out.writeStringField("lastError", status.lastError());
      out.writeStringField("type", rule.isAlerting() ? "alerting" : "recording");
      out.writeStringField("lastEvaluation", time(status.lastEvaluation()));
      out.writeNumberField("evaluationTime", seconds(status.evaluationTime()));
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeNumberField("interval", seconds(group.interval()));
    out.writeNumberField("limit", group.group().limit());
    out.writeNumberField("evaluationTime", seconds(group.evaluationTime()));
    out.writeStringField("lastEvaluation", time(group.lastEvaluation()));
    out.writeEndObject();
  }

  private static void writeAlert(JsonGenerator out, Alert alert) throws IOException {
    out.writeStartObject();
    writeMap(out, "labels", alert.labels());
    writeMap(out, "annotations", alert.annotations());
    out.writeStringField("state", alert.state().name().toLowerCase(Locale.ROOT));
    out.writeStringField("activeAt", time(alert.activeAt()));
    out.writeStringField("value", goExponent(alert.value()));
    out.writeEndObject();
  }

  private static void writeMap(JsonGenerator out, String field, Map<String, String> map)
      throws IOException {
    out.writeObjectFieldStart(field);
    for (var entry : new java.util.TreeMap<>(map).entrySet()) {
      out.writeStringField(entry.getKey(), entry.getValue());
    }
    out.writeEndObject();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static String time(Instant instant) {
    return instant == null ? ZERO_TIME : instant.toString();
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, how Prometheus writes an alert's value. */
  static String goExponent(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value < 0 ? "-" : "") + "0e+00";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - shortest.scale() - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (value < 0 ? "-" : "")
        + mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }
}
