package io.tracemate.http.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.alerting.model.Alert;
import io.tracemate.servicegraph.Health;
import io.tracemate.servicegraph.HealthReason;
import io.tracemate.servicegraph.HealthState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's firing alerts by the service they are about, as the topology shows them: an alert is about the node
 * its {@code service_name} label names (the span metrics' and OTLP logs' label), else its {@code service} label. A
 * firing alert with {@code severity="critical"} turns the node's health ring red with the alert's name as the
 * reason (the seeds' "red when an alert fires"); every firing alert of the node is listed with it, so the side panel
 * can link to the alerts page. Immutable once built; built per request.
 */
final class NodeAlerts {
  /** Most alerts listed per node: a rule firing for each of a service's thousand operations lists twenty. */
  static final int MAX_LISTED = 20;

  /** Most distinct alert names the health reason spells out. */
  private static final int MAX_NAMED = 3;

  static final NodeAlerts NONE = new NodeAlerts(Map.of());

  /** Critical first, then the longest firing, then by name: the order they are listed in. */
  private static final Comparator<Alert> ORDER =
      Comparator.comparing((Alert a) -> !isCritical(a))
          .thenComparing(Alert::firedAt)
          .thenComparing(Alert::name);

  private final Map<String, List<Alert>> byService;

  private NodeAlerts(Map<String, List<Alert>> byService) {
    this.byService = byService;
  }

  /** Groups {@code firing} (one tenant's firing alerts) by the service each names; alerts naming none are left out. */
  static NodeAlerts of(List<Alert> firing) {
    if (firing.isEmpty()) {
      return NONE;
    }
    Map<String, List<Alert>> byService = new HashMap<>();
    for (Alert alert : firing) {
      String service = serviceOf(alert);
      if (service != null) {
        byService.computeIfAbsent(service, s -> new ArrayList<>()).add(alert);
      }
    }
    byService.values().forEach(alerts -> alerts.sort(ORDER));
    return new NodeAlerts(byService);
  }

  /** The service an alert is about: its {@code service_name} label, else its {@code service} label, else null. */
  static String serviceOf(Alert alert) {
    String service = alert.labels().get("service_name");
    if (service == null || service.isEmpty()) {
      service = alert.labels().get("service");
    }
    return service == null || service.isEmpty() ? null : service;
  }

  static boolean isCritical(Alert alert) {
    return "critical".equalsIgnoreCase(alert.labels().get("severity"));
  }

  /** The firing alerts of the node named {@code node}, critical first. */
  List<Alert> of(String node) {
    return byService.getOrDefault(node, List.of());
  }

  /** {@code health} with the node's firing critical alerts as a critical reason; unchanged without one. */
  Health judge(String node, Health health) {
    Set<String> names = new LinkedHashSet<>();
    for (Alert alert : of(node)) {
      if (isCritical(alert)) {
        names.add(alert.name());
      }
    }
    if (names.isEmpty()) {
      return health;
    }
    List<String> named = new ArrayList<>(names).subList(0, Math.min(MAX_NAMED, names.size()));
    String text =
        (names.size() == 1 ? "alert " : "alerts ")
            + String.join(", ", named)
            + (names.size() > MAX_NAMED ? " and " + (names.size() - MAX_NAMED) + " more" : "")
            + " firing";
    return health.with(new HealthReason(HealthReason.Kind.ALERT, HealthState.CRITICAL, text));
  }

  /**
   * The node's {@code alerts} field: {@code [{"name", "severity", "labels", "summary", "activeAt", "firedAt",
   * "value"}]}, at most {@value #MAX_LISTED}, and {@code alertsFiring}, how many there are in all.
   */
  void write(JsonGenerator out, String node) throws IOException {
    List<Alert> alerts = of(node);
    out.writeNumberField("alertsFiring", alerts.size());
    out.writeArrayFieldStart("alerts");
    for (Alert alert : alerts.subList(0, Math.min(MAX_LISTED, alerts.size()))) {
      out.writeStartObject();
      out.writeStringField("name", alert.name());
      out.writeStringField("severity", alert.labels().getOrDefault("severity", ""));
      out.writeObjectFieldStart("labels");
      for (Map.Entry<String, String> label : alert.labels().entrySet()) {
        out.writeStringField(label.getKey(), label.getValue());
      }
      out.writeEndObject();
      out.writeStringField("summary", alert.annotations().getOrDefault("summary", ""));
      out.writeNumberField("activeAt", alert.activeAt().toEpochMilli());
      out.writeNumberField("firedAt", alert.firedAt().toEpochMilli());
      if (Double.isFinite(alert.value())) {
        out.writeNumberField("value", alert.value());
      } else {
        out.writeNullField("value");
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }
}
