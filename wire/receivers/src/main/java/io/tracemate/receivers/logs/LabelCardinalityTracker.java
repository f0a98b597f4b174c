package io.tracemate.receivers.logs;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects stream labels whose values explode (a trace ID or user ID pushed as a label): per tenant and label name,
 * the distinct values seen within a fixed window, counted exactly up to the threshold and no further (a bounded
 * set, so memory stays at most threshold values per label). When a label passes the threshold, a WARN is logged
 * once per window naming the tenant and label, and it shows in Prometheus:
 *
 * <ul>
 *   <li>{@code tracemate_log_label_cardinality{tenant,label}}: distinct values in the current (or, if higher, the
 *       previous) window, for labels past half the threshold;
 *   <li>{@code tracemate_log_high_cardinality_labels}: how many labels are past the threshold.
 * </ul>
 *
 * At most {@value #MAX_LABELS_PER_TENANT} label names are tracked per tenant. Detection only: nothing is refused.
 * Thread-safe (one lock; an update is a few hash lookups per label of each accepted stream).
 */
public final class LabelCardinalityTracker {
  private static final Logger log = LoggerFactory.getLogger(LabelCardinalityTracker.class);
  static final int MAX_LABELS_PER_TENANT = 1000;

  private final int threshold;
  private final long windowMillis;
  private final Clock clock;
  private final Object lock = new Object();
  private Map<Key, Set<String>> current = new HashMap<>();
  private Map<Key, Integer> previous = Map.of();
  private final Map<String, Integer> labelsPerTenant = new HashMap<>();
  private final Set<Key> warned = new HashSet<>();
  private long windowStart;

  public LabelCardinalityTracker(
      int threshold, Duration window, Clock clock, PrometheusRegistry registry) {
    this.threshold = threshold;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.windowStart = clock.millis();
    GaugeWithCallback.builder()
        .name("tracemate_log_label_cardinality")
        .help(
            "Distinct values of a stream label within the cardinality window, for labels past half the"
                + " threshold.")
        .labelNames("tenant", "label")
        .callback(
            callback ->
                snapshot()
                    .forEach(
                        (key, count) -> {
                          if (count * 2L > threshold) {
                            callback.call(count, key.tenant, key.label);
                          }
                        }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_log_high_cardinality_labels")
        .help(
            "Stream labels whose distinct values within the cardinality window passed the threshold.")
        .callback(callback -> callback.call(highCardinalityLabels().size()))
        .register(registry);
  }

  /** Records the labels of a stream that was accepted. */
  public void observe(String tenant, LabelSet labels) {
    synchronized (lock) {
      roll();
      for (Label label : labels.labels()) {
        Key key = new Key(tenant, label.name());
        Set<String> values = current.get(key);
        if (values == null) {
          int tracked = labelsPerTenant.getOrDefault(tenant, 0);
          if (tracked >= MAX_LABELS_PER_TENANT) {
            continue;
          }
          labelsPerTenant.put(tenant, tracked + 1);
          values = new HashSet<>();
          current.put(key, values);
        }
        if (values.size() <= threshold
            && values.add(label.value())
            && values.size() > threshold
            && warned.add(key)) {
          log.warn(
              "log label '{}' of tenant '{}' has more than {} distinct values within {}: a stream label with"
                  + " unbounded values (IDs, timestamps) multiplies streams; send it as structured metadata instead",
              key.label,
              key.tenant,
              threshold,
              Duration.ofMillis(windowMillis));
        }
      }
    }
  }

  /** Labels past the threshold in the current or previous window, as "tenant/label". */
  public Set<String> highCardinalityLabels() {
    Set<String> out = new HashSet<>();
    snapshot()
        .forEach(
            (key, count) -> {
              if (count > threshold) {
                out.add(key.tenant + "/" + key.label);
              }
            });
    return out;
  }

  /** Distinct values per label (capped at threshold + 1), the higher of the current and previous window. */
  private Map<Key, Integer> snapshot() {
    synchronized (lock) {
      roll();
      Map<Key, Integer> counts = new HashMap<>(previous);
      current.forEach((key, values) -> counts.merge(key, values.size(), Math::max));
      return counts;
    }
  }

  private void roll() {
    long now = clock.millis();
    if (now - windowStart < windowMillis) {
      return;
    }
    Map<Key, Integer> ended = new HashMap<>();
    if (now - windowStart < 2 * windowMillis) {
      current.forEach((key, values) -> ended.put(key, values.size()));
    }
    previous = ended;
    current = new HashMap<>();
    labelsPerTenant.clear();
    warned.clear();
    windowStart = now - (now - windowStart) % windowMillis;
  }

  private record Key(String tenant, String label) {}
}
