package io.tracemate.alerting.notify.alertmanager;

import com.linecorp.armeria.common.MediaType;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.alerting.notify.NotifyJson;
import io.tracemate.alerting.notify.delivery.DeliveryMetrics;
import io.tracemate.alerting.notify.delivery.HttpSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to the Alertmanagers of one {@link AlertmanagerConfig}: {@code POST /api/v2/alerts} with a JSON
 * array of {@code {labels, annotations, startsAt, endsAt, generatorURL}}, at most {@value #MAX_BATCH} alerts per
 * request, to every target. As in Prometheus' notifier a failed post is counted and logged, not retried: every
 * firing alert is sent again within the resend delay, and every resolution for 15 minutes, so the next send
 * carries what this one lost.
 *
 * <p>Thread-safe; never blocks.
 */
public final class AlertmanagerClient implements AutoCloseable {
  public static final String INTEGRATION = "alertmanager";

  /** Prometheus' {@code maxBatchSize}. */
  static final int MAX_BATCH = 64;

  private static final Logger log = LoggerFactory.getLogger(AlertmanagerClient.class);

  private final List<String> urls;
  private final HttpSender sender;
  private final DeliveryMetrics metrics;
  private final Clock clock;

  public AlertmanagerClient(AlertmanagerConfig config, DeliveryMetrics metrics, Clock clock) {
    this.urls = config.urls();
    this.sender = new HttpSender(config.httpSettings(), config.timeout());
    this.metrics = metrics;
    this.clock = clock;
  }

  public List<String> urls() {
    return urls;
  }

  /** Sends {@code alerts} to every target; completes when every post has answered or failed. */
  public CompletableFuture<Void> send(List<NotifiedAlert> alerts) {
    if (alerts.isEmpty() || urls.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> posts = new ArrayList<>();
    for (int from = 0; from < alerts.size(); from += MAX_BATCH) {
      byte[] body = body(alerts.subList(from, Math.min(alerts.size(), from + MAX_BATCH)));
      for (String url : urls) {
        Instant start = clock.instant();
        posts.add(
            sender
                .post(url, MediaType.JSON_UTF_8, body, Map.of())
                .handle(
                    (response, failure) -> {
                      Duration took = Duration.between(start, clock.instant());
                      if (failure == null) {
                        metrics.attempt(INTEGRATION, DeliveryMetrics.SUCCESS, took);
                      } else {
                        metrics.attempt(INTEGRATION, DeliveryMetrics.FAILURE, took);
                        log.warn("sending alerts to Alertmanager failed: {}", failure.getMessage());
                      }
                      return null;
                    }));
      }
    }
    return CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new));
  }

  /** The body of {@code POST /api/v2/alerts}. */
  static byte[] body(List<NotifiedAlert> alerts) {
    return NotifyJson.bytes(
        out -> {
          out.writeStartArray();
          for (NotifiedAlert alert : alerts) {
            out.writeStartObject();
            NotifyJson.writeStringMap(out, "labels", alert.labels());
            NotifyJson.writeStringMap(out, "annotations", alert.annotations());
            out.writeStringField("startsAt", alert.startsAt().toString());
            out.writeStringField("endsAt", alert.endsAt().toString());
            out.writeStringField("generatorURL", alert.generatorUrl());
            out.writeEndObject();
          }
          out.writeEndArray();
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
