package io.tracemate.alerting.notify;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert as notifications send it: its labels with the tenant's label added, its annotations with the evidence
 * added, firing or resolved, and the end time promised to the receiver.
 *
 * @param tenant the tenant whose rule raised it
 * @param labels its identity, with the tenant label (when configured and the rule did not set one)
 * @param annotations the rule's annotations, then the evidence annotations ({@link EvidenceView#annotations})
 * @param resolved whether it is resolved (else firing)
 * @param startsAt when it started firing
 * @param endsAt when it resolved; for a firing alert, until when the receiver may consider it firing without
 *     hearing from us again
 * @param generatorUrl where a person sees the query behind it
 * @param evidence its bounded evidence
 * @param fingerprint Alertmanager's fingerprint of {@code labels}
 */
public record NotifiedAlert(
    TenantId tenant,
    SortedMap<String, String> labels,
    Map<String, String> annotations,
    boolean resolved,
    Instant startsAt,
    Instant endsAt,
    String generatorUrl,
    EvidenceView evidence,
    String fingerprint) {
  public NotifiedAlert {
    Objects.requireNonNull(tenant, "tenant");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(generatorUrl, "generatorUrl");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /**
   * @param alert a firing or resolved alert
   * @param tenantLabel the label carrying the tenant, empty for none
   * @param validUntil the end time of a firing alert
   * @param externalUrl the UI's address, for the evidence's trace links (empty: none)
   */
  public static NotifiedAlert of(
      Alert alert, String tenantLabel, Instant validUntil, String externalUrl) {
    if (alert.state() == AlertState.PENDING) {
      throw new IllegalArgumentException("pending alerts are not notified: " + alert.labels());
    }
    SortedMap<String, String> labels = labels(alert, tenantLabel);
    EvidenceView evidence = EvidenceView.of(alert.evidence(), externalUrl);
    Map<String, String> annotations = new LinkedHashMap<>(alert.annotations());
    evidence.annotations().forEach(annotations::putIfAbsent);
    boolean resolved = alert.state() == AlertState.RESOLVED;
    return new NotifiedAlert(
        alert.tenant(),
        labels,
        annotations,
        resolved,
        alert.firedAt(),
        resolved ? alert.resolvedAt() : validUntil,
        alert.generatorUrl(),
        evidence,
        Fingerprint.hex(labels));
  }

  /** The alert's labels with the tenant's label (unless the rule set a label of that name itself). */
  public static SortedMap<String, String> labels(Alert alert, String tenantLabel) {
    SortedMap<String, String> labels = new TreeMap<>(alert.labels());
    if (!tenantLabel.isEmpty()) {
      labels.putIfAbsent(tenantLabel, alert.tenant().value());
    }
    return labels;
  }

  /** "firing" or "resolved", as Alertmanager's webhook says. */
  public String status() {
    return resolved ? "resolved" : "firing";
  }

  public String name() {
    return labels.getOrDefault("alertname", "");
  }
}
