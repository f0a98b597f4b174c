package io.tracemate.alerting.model;

import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert instance: a rule's result for one label set, with the rule's labels and the expanded annotations.
 *
 * @param tenant the tenant whose rule raised it
 * @param labels its identity: {@code alertname}, the series' labels and the rule's labels, sorted by name
 * @param annotations the rule's annotations with their templates expanded for this instance
 * @param state pending, firing or resolved
 * @param activeAt when the condition first held (the start of {@code pending})
 * @param firedAt when it started firing (Alertmanager's {@code startsAt}); null while pending
 * @param resolvedAt when it stopped firing; null unless resolved
 * @param value the expression's value at the last evaluation that saw it
 * @param generatorUrl where a person sees the query behind it (the UI, at the rule's query and time range)
 * @param evidence log lines and trace IDs behind it
 */
public record Alert(
    TenantId tenant,
    SortedMap<String, String> labels,
    Map<String, String> annotations,
    AlertState state,
    Instant activeAt,
    Instant firedAt,
    Instant resolvedAt,
    double value,
    String generatorUrl,
    Evidence evidence) {
  public Alert {
    Objects.requireNonNull(tenant, "tenant");
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(activeAt, "activeAt");
    if (state != AlertState.PENDING) {
      Objects.requireNonNull(firedAt, "firedAt of a " + state + " alert");
    }
    if (state == AlertState.RESOLVED) {
      Objects.requireNonNull(resolvedAt, "resolvedAt of a resolved alert");
    }
    Objects.requireNonNull(generatorUrl, "generatorUrl");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The rule's name, as the {@code alertname} label carries it. */
  public String name() {
    return labels.getOrDefault("alertname", "");
  }
}
