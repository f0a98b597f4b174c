package io.tracemate.alerting.notify;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertSink;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.notify.alertmanager.AlertmanagerClient;
import io.tracemate.alerting.notify.alertmanager.AlertmanagerConfig;
import io.tracemate.alerting.notify.alertmanager.ResendState;
import io.tracemate.alerting.notify.contact.Integration;
import io.tracemate.alerting.notify.contact.ReceiverConfig;
import io.tracemate.alerting.notify.delivery.DeliveryMetrics;
import io.tracemate.alerting.notify.delivery.Retrier;
import io.tracemate.alerting.notify.route.GroupDispatcher;
import io.tracemate.alerting.notify.route.Route;
import io.tracemate.alerting.notify.silence.SilenceStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AlertSink} the rule evaluator hands every evaluation to, and everything behind it: the Alertmanager
 * clients ({@link ResendState} decides what to send), the built-in contact points ({@link GroupDispatcher}:
 * routing, grouping, silences, retries) and the silences ({@link SilenceStore}).
 *
 * <p>Threads: {@link #accept} only queues the batch (bounded by {@code queue_capacity}; when full, the oldest
 * batch of the same rule group is dropped, else the oldest of all, and counted in {@code
 * tracemate_notifier_batches_dropped_total}) and returns; one notifier thread owns all state, drains the queue,
 * flushes due groups every tick and starts deliveries, which complete on Armeria's event loops (HTTP) or an
 * e-mail integration's own thread and report back to it. Nothing the receivers do can block an evaluation or
 * another receiver.
 *
 * <p>Thread-safe.
 */
public final class Notifier implements AlertSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Duration GC_PERIOD = Duration.ofMinutes(1);

  private final NotifierConfig config;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final SilenceStore silences;
  private final DeliveryMetrics deliveryMetrics;
  private final List<AlertmanagerClient> alertmanagers = new ArrayList<>();
  private final ResendState resend;
  private final List<Integration> integrations = new ArrayList<>();
  private final GroupDispatcher dispatcher;
  private final BatchQueue queue;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Counter dropped;

  /**
   * Starts the notifier.
   *
   * @param silencesDirectory where the silences file lives (created when missing)
   * @param registry where its metrics go; null: not exposed
   */
  public Notifier(
      NotifierConfig config, Path silencesDirectory, Clock clock, PrometheusRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = clock;
    this.silences = new SilenceStore(silencesDirectory, config.silences(), clock);
    this.queue = new BatchQueue(config.queueCapacity());
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "tracemate-notifier");
              t.setDaemon(true);
              return t;
            });
    this.deliveryMetrics =
        registry == null ? DeliveryMetrics.unregistered() : DeliveryMetrics.register(registry);
    for (AlertmanagerConfig am : config.allAlertmanagers()) {
      alertmanagers.add(new AlertmanagerClient(am, deliveryMetrics, clock));
    }
    this.resend = new ResendState(config.resendDelay(), config.tenantLabel(), config.externalUrl());
    Route route = config.resolvedRoute();
    if (route != null) {
      Map<String, List<Integration>> receivers = new LinkedHashMap<>();
      for (ReceiverConfig receiver : config.receivers()) {
        List<Integration> built = receiver.integrations(clock);
        integrations.addAll(built);
        receivers.put(receiver.name(), built);
      }
      Retrier retrier = new Retrier(config.retry(), thread, deliveryMetrics, clock);
      this.dispatcher =
          new GroupDispatcher(route, receivers, silences, retrier, thread, config.externalUrl());
      long tick = tickNanos(route);
      thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.NANOSECONDS);
    } else {
      this.dispatcher = null;
    }
    thread.scheduleWithFixedDelay(
        this::collectGarbage, GC_PERIOD.toNanos(), GC_PERIOD.toNanos(), TimeUnit.NANOSECONDS);
    Counter.Builder droppedBuilder =
        Counter.builder()
            .name("tracemate_notifier_batches_dropped_total")
            .help("Evaluations dropped because the notifier's queue was full");
    this.dropped = registry == null ? droppedBuilder.build() : droppedBuilder.register(registry);
    if (registry != null) {
      registerGauges(registry);
    }
    log.info(
        "notifier started: {} Alertmanager target(s), {} contact point integration(s)",
        alertmanagers.stream().mapToInt(a -> a.urls().size()).sum(),
        integrations.size());
  }

  /** Ticks often enough for the shortest group timing, at most every second, at least every 10 ms. */
  private static long tickNanos(Route route) {
    long shortest = shortest(route, Duration.ofSeconds(4).toNanos());
    return Math.max(
        Duration.ofMillis(10).toNanos(), Math.min(Duration.ofSeconds(1).toNanos(), shortest / 4));
  }

  private static long shortest(Route route, long bound) {
    long result = Math.min(bound, route.groupInterval().toNanos());
    if (!route.groupWait().isZero()) {
      result = Math.min(result, route.groupWait().toNanos());
    }
    for (Route child : route.children()) {
      result = shortest(child, result);
    }
    return result;
  }

  @Override
  public void accept(AlertBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (queue.offer(batch)) {
      dropped.inc();
    }
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // Closed: nothing is delivered any more.
        drainScheduled.set(false);
      }
    }
  }

  /** The silences (the silences API works on them). */
  public SilenceStore silences() {
    return silences;
  }

  /** Delivery counts by integration and outcome (tests, status). */
  public DeliveryMetrics deliveryMetrics() {
    return deliveryMetrics;
  }

  private void drain() {
    drainScheduled.set(false);
    while (true) {
      AlertBatch batch = queue.poll();
      if (batch == null) {
        return;
      }
      try {
        process(batch);
      } catch (RuntimeException e) {
        log.error(
            "notifying the alerts of group {} of tenant {} failed",
            batch.group(),
            batch.tenant().value(),
            e);
      }
    }
  }

  private void process(AlertBatch batch) {
    Instant now = clock.instant();
    if (!alertmanagers.isEmpty()) {
      List<NotifiedAlert> send = resend.toSend(batch, now);
      for (AlertmanagerClient client : alertmanagers) {
        client.send(send);
      }
    }
    if (dispatcher != null) {
      Instant from = now.isAfter(batch.evaluatedAt()) ? now : batch.evaluatedAt();
      Instant validUntil = resend.validUntil(batch.interval(), from);
      List<NotifiedAlert> current = new ArrayList<>();
      for (Alert alert : batch.alerts()) {
        if (alert.state() != AlertState.PENDING) {
          current.add(
              NotifiedAlert.of(alert, config.tenantLabel(), validUntil, config.externalUrl()));
        }
      }
      dispatcher.update(current, now);
      dispatcher.tick(now);
    }
  }

  private void tick() {
    try {
      dispatcher.tick(clock.instant());
    } catch (RuntimeException e) {
      log.error("flushing notification groups failed", e);
    }
  }

  private void collectGarbage() {
    try {
      silences.collectGarbage();
    } catch (RuntimeException e) {
      log.warn("dropping expired silences failed: {}", e.getMessage());
    }
  }

  private void registerGauges(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("tracemate_notifier_queue_length")
        .help("Evaluations waiting for the notifier")
        .callback(cb -> cb.call(queue.size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_notifier_queue_capacity")
        .help("Evaluations the notifier's queue holds before it drops the oldest")
        .callback(cb -> cb.call(config.queueCapacity()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_notifier_alertmanagers")
        .help("Alertmanager targets alerts are sent to")
        .callback(cb -> cb.call(alertmanagers.stream().mapToInt(a -> a.urls().size()).sum()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_notifier_silences")
        .help("Silences by state")
        .labelNames("state")
        .callback(cb -> silences.countByState().forEach((state, n) -> cb.call(n, state.apiName())))
        .register(registry);
  }

  /** Stops the thread and closes every client; batches still queued are not delivered. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("the notifier thread did not stop within 5s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    alertmanagers.forEach(AlertmanagerClient::close);
    integrations.forEach(Integration::close);
  }
}
