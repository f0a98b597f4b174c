package io.tracemate.queue.kafka;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Whether Kafka answers, checked every few seconds by asking the cluster for its nodes: what {@code /ready} says
 * while it does not. Thread-safe.
 */
public final class KafkaHealth implements AutoCloseable {
  private final Admin admin;
  private final String brokers;
  private final ScheduledExecutorService checker;
  private volatile String problem;

  public KafkaHealth(KafkaSettings settings) {
    this.admin = KafkaClients.admin(settings, "tracemate-health");
    this.brokers = String.join(",", settings.brokers());
    this.problem = "Kafka at " + brokers + " not checked yet";
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("kafka-health").daemon(true).unstarted(r));
    checker.scheduleWithFixedDelay(this::check, 0, 2, TimeUnit.SECONDS);
  }

  /** Null while Kafka answers; otherwise what is wrong, for /ready. */
  public String problem() {
    return problem;
  }

  private void check() {
    try {
      int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
      problem = nodes == 0 ? "Kafka at " + brokers + " reports no broker" : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      problem =
          switch (cause) {
            case SslAuthenticationException tls ->
                "Kafka at " + brokers + ": TLS handshake failed: " + tls.getMessage();
            case AuthenticationException refused ->
                "Kafka at " + brokers + " refused Tracemate's credentials: " + refused.getMessage();
            case AuthorizationException refused ->
                "Kafka at " + brokers + " refused Tracemate's credentials: " + refused.getMessage();
            default -> "Kafka at " + brokers + " unreachable: " + cause.getClass().getSimpleName();
          };
    }
  }

  @Override
  public void close() {
    checker.shutdownNow();
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
