package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.RequestHeaders;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogSink;
import io.tracemate.logs.LogStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every log receiver does with a decoded push: validate it against the limits, hand the accepted streams
 * to the sink (the WAL), record label cardinality and metrics, and report an {@link Outcome} once the sink's
 * future completes, so each receiver answers in its own protocol. One instance is shared by all log receivers
 * (rate limits are per tenant across them). Thread-safe.
 */
public final class LogIngest {
  /** The tenant when a push carries no {@code X-Scope-OrgID}, as Loki without authentication. */
  public static final String DEFAULT_TENANT = LogSelection.DEFAULT_TENANT;
  public static final String TENANT_HEADER = "X-Scope-OrgID";
  public static final int MAX_TENANT_LENGTH = 150;

  private static final Logger log = LoggerFactory.getLogger(LogIngest.class);

  private final LogSink sink;
  private final LogValidator validator;
  private final LabelCardinalityTracker cardinality;
  private final LogReceiverMetrics metrics;

  /**
   * @param registry receives the receivers' metrics and the cardinality gauges (register once per registry)
   */
  public LogIngest(LogSink sink, LogLimits limits, Clock clock, PrometheusRegistry registry) {
    this(sink, new LogValidator(limits, clock), new LabelCardinalityTracker(limits.cardinalityThreshold(),
        limits.cardinalityWindow(), clock, registry), new LogReceiverMetrics(registry));
  }

  public LogIngest(LogSink sink, LogValidator validator, LabelCardinalityTracker cardinality,
      LogReceiverMetrics metrics) {
    this.sink = sink;
    this.validator = validator;
    this.cardinality = cardinality;
    this.metrics = metrics;
  }

  /** How a push ended; the receiver turns it into its protocol's answer. */
  public sealed interface Outcome permits Stored, Backpressure, Failed {}

  /** Accepted streams are durable (or there were none); {@code validation} says what was refused. */
  public record Stored(DecodedLogs decoded, Validation validation) implements Outcome {}

  /** The sink pushed back; nothing was stored. */
  public record Backpressure(String message, long retryAfterSeconds) implements Outcome {}

  /** The sink failed otherwise; nothing is known to be stored. */
  public record Failed(Throwable cause) implements Outcome {}

  /**
   * The tenant of a request: its {@code X-Scope-OrgID}, or {@value #DEFAULT_TENANT}. Valid tenant IDs follow
   * Loki's rules: at most {@value #MAX_TENANT_LENGTH} characters out of {@code a-z A-Z 0-9 ! - _ . * ' ( )}, and
   * neither {@code .} nor {@code ..}.
   *
   * @throws IllegalArgumentException naming the problem, for an invalid tenant ID
   */
  public static String tenant(RequestHeaders headers) {
    String tenant = headers.get(TENANT_HEADER);
    if (tenant == null || tenant.isBlank()) {
      return DEFAULT_TENANT;
    }
    tenant = tenant.trim();
    if (tenant.length() > MAX_TENANT_LENGTH) {
      throw new IllegalArgumentException("tenant ID is too long: max " + MAX_TENANT_LENGTH + " characters");
    }
    if (tenant.equals(".") || tenant.equals("..")) {
      throw new IllegalArgumentException("tenant ID is '.' or '..'");
    }
    for (int i = 0; i < tenant.length(); i++) {
      char c = tenant.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!-_.*'()".indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException("tenant ID '" + tenant + "' contains unsupported character '" + c
            + "' (allowed: letters, digits and !-_.*'())");
      }
    }
    return tenant;
  }

  LogReceiverMetrics metrics() {
    return metrics;
  }

  /** Never fails: every failure is an {@link Outcome}. */
  CompletableFuture<Outcome> push(String receiver, String transport, String tenant, DecodedLogs decoded) {
    metrics.received(receiver, transport, decoded.entryCount() + decoded.rejectedCount());
    if (decoded.hasRejections()) {
      metrics.refused(receiver, RefusalReason.INVALID, decoded.rejectedCount(), 0);
    }
    Validation validation = validator.validate(tenant, decoded.streams());
    for (Refusal refusal : validation.refusals()) {
      metrics.refused(receiver, refusal.reason(), refusal.entries(), refusal.bytes());
    }
    List<LogStream> accepted = validation.accepted();
    if (accepted.isEmpty()) {
      return CompletableFuture.completedFuture(new Stored(decoded, validation));
    }
    int lines = validation.acceptedEntries();
    long bytes = 0;
    for (LogStream stream : accepted) {
      bytes += stream.lineBytes();
    }
    long acceptedBytes = bytes;
    CompletableFuture<Void> written;
    try {
      written = sink.accept(tenant, accepted);
      if (written == null) {
        written = CompletableFuture.failedFuture(new IllegalStateException("the log sink returned no future"));
      }
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    return written.handle((unused, failure) -> {
      if (failure == null) {
        metrics.accepted(receiver, lines, acceptedBytes);
        for (LogStream stream : accepted) {
          cardinality.observe(tenant, stream.labels());
        }
        return new Stored(decoded, validation);
      }
      Throwable cause = unwrap(failure);
      if (cause instanceof IngestRejectedException rejected) {
        metrics.refused(receiver, RefusalReason.BACKPRESSURE, lines, acceptedBytes);
        return new Backpressure("log entries not accepted, retry later: " + rejected.getMessage(),
            retryAfterSeconds(rejected.retryAfter()));
      }
      metrics.refused(receiver, RefusalReason.INTERNAL_ERROR, lines, acceptedBytes);
      log.warn("{} log receiver could not store {} entries of tenant {}", receiver, lines, tenant, cause);
      return new Failed(cause);
    });
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Whole seconds, at least 1 (0 would invite an immediate retry storm). */
  static long retryAfterSeconds(Duration delay) {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      return 1;
    }
    return Math.max(1, (delay.toMillis() + 999) / 1000);
  }
}
