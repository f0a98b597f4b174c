package io.tracemate.receivers.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelCardinalityTrackerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final LabelCardinalityTracker tracker =
      new LabelCardinalityTracker(10, Duration.ofHours(1), clock, registry);

  @Test
  void reportsALabelWhoseValuesExplode() {
    for (int i = 0; i < 30; i++) {
      tracker.observe("fake", LabelSet.of("app", "web", "trace_id", "t" + i));
    }
    tracker.observe("other", LabelSet.of("trace_id", "x"));

    assertThat(tracker.highCardinalityLabels()).containsExactly("fake/trace_id");
    assertThat(gauge("tracemate_log_high_cardinality_labels"))
        .containsExactly(Map.entry(Labels.EMPTY, 1.0));
    // Counting stops just past the threshold: memory stays bounded however many values arrive.
    assertThat(gauge("tracemate_log_label_cardinality"))
        .containsExactly(Map.entry(Labels.of("tenant", "fake", "label", "trace_id"), 11.0));
  }

  @Test
  void warnsOncePerWindowNamingTenantAndLabel() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(LabelCardinalityTracker.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      for (int i = 0; i < 25; i++) {
        tracker.observe("fake", LabelSet.of("trace_id", "t" + i));
      }
      clock.advance(Duration.ofMinutes(61));
      for (int i = 0; i < 11; i++) {
        tracker.observe("fake", LabelSet.of("trace_id", "n" + i));
      }
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list)
        .hasSize(2)
        .allSatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
              assertThat(event.getFormattedMessage())
                  .startsWith(
                      "log label 'trace_id' of tenant 'fake' has more than 10"
                          + " distinct values within PT1H");
            });
  }

  @Test
  void labelsPastHalfTheThresholdAreShownBeforeTheyExplode() {
    for (int i = 0; i < 6; i++) {
      tracker.observe("fake", LabelSet.of("pod", "p" + i));
    }
    tracker.observe("fake", LabelSet.of("pod", "p0"));

    assertThat(tracker.highCardinalityLabels()).isEmpty();
    assertThat(gauge("tracemate_log_label_cardinality"))
        .containsExactly(Map.entry(Labels.of("tenant", "fake", "label", "pod"), 6.0));
    assertThat(gauge("tracemate_log_high_cardinality_labels"))
        .containsExactly(Map.entry(Labels.EMPTY, 0.0));
  }

  @Test
  void countsRestartEachWindowButThePreviousWindowStaysVisibleForOneMore() {
    for (int i = 0; i < 12; i++) {
      tracker.observe("fake", LabelSet.of("user", "u" + i));
    }
    clock.advance(Duration.ofMinutes(61));
    tracker.observe("fake", LabelSet.of("user", "again"));
    assertThat(tracker.highCardinalityLabels()).containsExactly("fake/user");

    clock.advance(Duration.ofMinutes(60));
    assertThat(tracker.highCardinalityLabels()).isEmpty();
  }

  /** The gauge's points with non-zero or zero values by labels; the gauge must exist. */
  private Map<Labels, Double> gauge(String name) {
    Map<Labels, Double> points = new HashMap<>();
    boolean found = false;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof GaugeSnapshot gauge && gauge.getMetadata().getName().equals(name)) {
        found = true;
        gauge.getDataPoints().forEach(point -> points.put(point.getLabels(), point.getValue()));
      }
    }
    assertThat(found).as("gauge %s registered", name).isTrue();
    return points;
  }
}
