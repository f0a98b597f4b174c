package io.tracemate.demo;

import io.opentelemetry.sdk.common.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends realistic tracing traffic of a simulated shop (api-gateway, order-service,
 * inventory-service, payment-service, risk-control, bank-gateway, and the Kafka consumers
 * notification-service and analytics-service) to an OTLP/gRPC endpoint through the real
 * OpenTelemetry Java SDK: every replica has its own {@code SdkTracerProvider}, resource and
 * {@code BatchSpanProcessor} + {@code OtlpGrpcSpanExporter}, and context crosses services as W3C
 * {@code traceparent} headers.
 *
 * <p>The services also log: a request log line per handled request, business INFO lines, the
 * slow-query warning inside the slow {@code audit_log} span, ERROR lines with stack traces where
 * faults are injected, and DEBUG chatter. Most replicas send OTLP logs through their own logs SDK,
 * bank-gateway and analytics-service push to the Loki API through loki4j (see
 * {@link DemoOptions#lokiEndpoint()}). Every line written inside a request carries its span's
 * trace and span IDs.
 *
 * <p>Simulated time runs independently of the generator: spans carry explicit start and end
 * timestamps placed in the recent past, so a 4.5 s database query costs microseconds and the
 * generator needs one thread (plus the SDK's exporter threads) at any rate.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} to stop; close flushes what was generated.
 * Thread-safe.
 */
public final class DemoTrafficGenerator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoTrafficGenerator.class);

  private static final long TICK_MILLIS = 10;

  /** analytics-service polls when this many records wait, or when the oldest waited this long. */
  private static final int ANALYTICS_BATCH = 8;

  private static final long ANALYTICS_MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** Consumer lag of analytics-service; longer than any of its batch traces lasts. */
  private static final long ANALYTICS_MIN_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final DemoOptions options;
  private final SimulatedClock clock = new SimulatedClock();
  private final SimulatedFleet fleet;
  private final KafkaTopic ordersTopic = new KafkaTopic("orders", 6);
  private final TraceEmitter emitter = new TraceEmitter(clock);
  private final Randomness random;
  private final ShopTraffic traffic;
  private final HealthProbes probes;
  private final LongAdder traces = new LongAdder();
  private final CountDownLatch completed = new CountDownLatch(1);
  private final ScheduledExecutorService scheduler;

  /** Guards the randomness and the counters below: the scheduler generates, close() drains. */
  private final Object generation = new Object();

  private long startedAtNanos;
  private long userRequests;

  private boolean started;
  private boolean closed;

  public DemoTrafficGenerator(DemoOptions options) {
    this.options = options;
    this.fleet = new SimulatedFleet(options, clock);
    this.random = new Randomness(new SplittableRandom(options.seed()));
    this.traffic = new ShopTraffic(fleet, ordersTopic, options, random);
    this.probes = new HealthProbes(fleet.all());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tracemate-demo-traffic");
              thread.setDaemon(true);
              return thread;
            });
  }

  public DemoOptions options() {
    return options;
  }

  /** Starts generating on the generator's own thread; returns immediately. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("demo traffic generator is closed");
    }
    if (started) {
      return;
    }
    started = true;
    log.info(
        "Demo traffic: {} traces/s to {} (seed {}, {} % errors, {} % slow audit queries); logs {}",
        options.tracesPerSecond(),
        options.otlpEndpoint(),
        options.seed(),
        options.errorRate() * 100,
        options.slowQueryRate() * 100,
        !options.logsEnabled()
            ? "off"
            : options.lokiPushUrl() == null
                ? "over OTLP"
                : "over OTLP and to " + options.lokiPushUrl());
    synchronized (generation) {
      // The first health probes also load the logging stack, before the rate clock starts.
      probes.writeDue(Clock.getDefault().now());
      startedAtNanos = System.nanoTime();
    }
    scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** What has been generated and exported so far. */
  public DemoStats stats() {
    return new DemoStats(
        traces.sum(),
        emitter.spansEnded(),
        fleet.spansExported(),
        fleet.spansFailed(),
        fleet.logStats());
  }

  /**
   * Waits until {@link DemoOptions#maxTraces()} user requests have been generated; returns false
   * on timeout, and at once (false) when the generator is unbounded.
   */
  public boolean awaitCompletion(Duration timeout) throws InterruptedException {
    if (options.maxTraces() == 0) {
      return false;
    }
    return completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Exports everything generated so far; waits at most {@code timeout}. */
  public boolean flush(Duration timeout) {
    return fleet.flush(timeout);
  }

  /** Stops generating, sends pending Kafka batches and flushes and shuts down every SDK. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    drainAnalytics();
    fleet.close();
    DemoStats stats = stats();
    log.info(
        "Demo traffic stopped: {} traces, {} spans, {} exported, {} failed; {} log records ({} OTLP, {} Loki)",
        stats.traces(),
        stats.spans(),
        stats.spansExported(),
        stats.spansFailed(),
        stats.logs().records(),
        stats.logs().otlpRecords(),
        stats.logs().lokiRecords());
  }

  private void tick() {
    synchronized (generation) {
      generateDue();
    }
  }

  private void generateDue() {
    try {
      probes.writeDue(Clock.getDefault().now());
      long elapsed = System.nanoTime() - startedAtNanos;
      long due = (long) (elapsed / 1e9 * options.tracesPerSecond());
      long backlogLimit = (long) Math.max(1, options.tracesPerSecond());
      if (options.maxTraces() == 0 && due - userRequests > backlogLimit) {
        // We were descheduled for more than a second (GC, suspended laptop): skip rather than
        // burst. A bounded run catches up instead: it promised maxTraces user requests.
        userRequests = due - backlogLimit;
      }
      while (userRequests < due && !limitReached()) {
        emit(traffic.nextUserRequest(), Long.MIN_VALUE);
        userRequests++;
      }
      pollAnalytics(false);
      if (limitReached()) {
        pollAnalytics(true);
        completed.countDown();
        scheduler.shutdown();
      }
    } catch (RuntimeException e) {
      // An escaping exception would silently cancel the schedule; keep generating instead.
      log.warn("Demo traffic generation failed for one tick", e);
    }
  }

  private boolean limitReached() {
    return options.maxTraces() > 0 && userRequests >= options.maxTraces();
  }

  /**
   * analytics-service polls the topic like a Kafka consumer: when a batch is full or its oldest
   * record waited long enough. Records are consumed only once they are at least
   * {@link #ANALYTICS_MIN_LAG_NANOS} old, so the batch trace can start after the publishes it
   * links to and still end in the past. When draining (at the end), waits for the last records
   * to reach that age.
   */
  private void pollAnalytics(boolean drain) {
    long drainDeadline = System.nanoTime() + 4 * ANALYTICS_MIN_LAG_NANOS;
    while (ordersTopic.backlog() > 0) {
      long now = Clock.getDefault().now();
      boolean due =
          ordersTopic.backlog() >= ANALYTICS_BATCH
              || now - ordersTopic.oldestPublishedAtEpochNanos() > ANALYTICS_MAX_WAIT_NANOS;
      if (!drain && !due) {
        return;
      }
      List<KafkaMessage> records = ordersTopic.poll(ANALYTICS_BATCH, now - ANALYTICS_MIN_LAG_NANOS);
      if (records.isEmpty()) {
        if (!drain || System.nanoTime() > drainDeadline) {
          return;
        }
        sleepQuietly(TimeUnit.NANOSECONDS.toMillis(ANALYTICS_MIN_LAG_NANOS) / 4);
        continue;
      }
      long latestPublish =
          records.stream().mapToLong(KafkaMessage::publishedAtEpochNanos).max().orElseThrow();
      emit(traffic.analyticsBatch(records), latestPublish + TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drainAnalytics() {
    synchronized (generation) {
      pollAnalytics(true);
    }
  }

  /**
   * Places the trace so that it ended a moment ago (never in the future), but not starting before
   * {@code notBeforeEpochNanos}.
   */
  private void emit(SpanPlan trace, long notBeforeEpochNanos) {
    long exportDelay = random.millis(2, 0.5);
    long anchor = Clock.getDefault().now() - trace.latestEnd() - exportDelay;
    emitter.emit(trace, Math.max(anchor, notBeforeEpochNanos));
    traces.increment();
  }
}
