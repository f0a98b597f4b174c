package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The noisy DEBUG streams outside any trace, in real time: Kubernetes liveness and readiness probes
 * answered by every HTTP and gRPC service, and the Kafka client's fetch-session chatter of the
 * consumers. Each replica chatters once when the generator starts, then every
 * {@link #INTERVAL_NANOS}.
 *
 * <p>Not thread-safe: called by the generator thread only.
 */
final class HealthProbes {

  static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final Attributes PROBE =
      Attributes.builder().put("user_agent.original", "kube-probe/1.31").build();

  private final List<ServiceInstance> instances;
  private final long[] nextAt;
  private long probes;

  HealthProbes(List<ServiceInstance> instances) {
    this.instances = List.copyOf(instances);
    this.nextAt = new long[this.instances.size()];
  }

  /** Writes the chatter of every replica that is due at {@code nowEpochNanos}. */
  void writeDue(long nowEpochNanos) {
    for (int i = 0; i < instances.size(); i++) {
      if (nowEpochNanos >= nextAt[i]) {
        nextAt[i] = nowEpochNanos + INTERVAL_NANOS;
        chatter(instances.get(i), nowEpochNanos);
      }
    }
  }

  private void chatter(ServiceInstance instance, long now) {
    DemoService service = instance.service();
    String logger = ServiceLogging.requestLogger(service);
    switch (service) {
      case INVENTORY_SERVICE, RISK_CONTROL ->
          debug(
              instance,
              now,
              logger,
              "grpc.health.v1.Health/Check SERVING " + tookMillis(),
              Attributes.empty());
      case NOTIFICATION_SERVICE, ANALYTICS_SERVICE ->
          debug(
              instance,
              now,
              "org.apache.kafka.clients.FetchSessionHandler",
              "[Consumer clientId=consumer-"
                  + service.serviceName()
                  + "-1, groupId="
                  + service.serviceName()
                  + "] Node 1 sent an incremental fetch response with throttleTimeMs = 0 for session "
                  + (1_627_314 + probes)
                  + " with 0 response partition(s), 6 implied partition(s)",
              Attributes.empty());
      default -> {
        debug(instance, now, logger, "GET /actuator/health/liveness 200 " + tookMillis(), PROBE);
        debug(
            instance,
            now + 1_000_000,
            logger,
            "GET /actuator/health/readiness 200 " + tookMillis(),
            PROBE);
      }
    }
  }

  private void debug(
      ServiceInstance instance, long at, String logger, String message, Attributes fields) {
    instance
        .logs()
        .write(
            new LogLine(
                at,
                LogSeverity.DEBUG,
                logger,
                ServiceLogging.backgroundThread(instance.service()),
                message,
                SpanContext.getInvalid(),
                fields,
                null));
  }

  /** A plausible sub-millisecond duration that varies without drawing scenario randomness. */
  private String tookMillis() {
    probes++;
    return String.format(Locale.ROOT, "%.1fms", 0.4 + (probes % 7) * 0.1);
  }
}
