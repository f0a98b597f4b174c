package io.tracemate.server.access;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.audit.AuditEvent;
import io.tracemate.audit.AuditLog;
import io.tracemate.auth.Principal;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.QueryBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the access decorator writes to the audit log: every query once it is answered (who, tenants, endpoint, the
 * query, status, duration, answer size and, where the endpoint reports it, the bytes it read), and every refused
 * request. Without an audit log (the {@code audit} block off) it records nothing.
 *
 * <p>A query is refused (503) before it runs when the log's queue is full, rather than served unrecorded; a record
 * that still fails to be written is counted ({@code tracemate_audit_write_failures_total}) and logged.
 *
 * <p>Thread-safe.
 */
final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  /** The response header in which the Loki API reports the bytes a query read. */
  static final String BYTES_SCANNED_HEADER = "x-tracemate-bytes-scanned";

  static final String QUERY = "query";

  /** A request that changed something: rules or silences set or removed (WRITE_RULES, not a GET). */
  static final String CHANGE = "change";

  static final String DENIED = "denied";

  private final AuditLog auditLog; // null: nothing is recorded
  private final int maxPending;
  private final Counter failures;

  AuditTrail(AuditLog auditLog, int maxPending, PrometheusRegistry registry) {
    this.auditLog = auditLog;
    this.maxPending = maxPending;
    this.failures =
        Counter.builder()
            .name("tracemate_audit_write_failures_total")
            .help("Audit records that could not be written (the request was served)")
            .register(registry);
    if (auditLog != null) {
      // The anchor to keep outside the log: a scrape history shows records cut from its end.
      GaugeWithCallback.builder()
          .name("tracemate_audit_head_seq")
          .help("Sequence number of the newest audit record written")
          .callback(cb -> cb.call(auditLog.head().seq()))
          .register(registry);
    }
  }

  boolean enabled() {
    return auditLog != null;
  }

  /** Whether a query must be refused now because its record could not be queued. */
  boolean overloaded() {
    return auditLog != null && auditLog.pending() >= maxPending;
  }

  /** Records a query or a change ({@link #QUERY}, {@link #CHANGE}) once its answer is complete. */
  void queryAnswered(
      ServiceRequestContext ctx, Principal principal, TenantScope scope, String action) {
    if (auditLog == null) {
      return;
    }
    ctx.log()
        .whenComplete()
        .thenAccept(
            requestLog ->
                append(
                    new AuditEvent(
                        principal.subject(),
                        principal.method().label(),
                        tenants(scope),
                        action,
                        endpoint(ctx),
                        query(ctx),
                        requestLog.responseHeaders().status().code(),
                        bytesScanned(requestLog),
                        requestLog.responseLength(),
                        durationMs(requestLog))));
  }

  /**
   * Records a change of the server's own configuration at run time, not made through a request (the runtime
   * overrides file: who changed it is the file system's to say).
   *
   * @param actor what noticed the change ({@code runtime-config})
   * @param action what happened ({@code overrides_changed}, {@code overrides_refused})
   * @param source what changed (the file)
   * @param tenants the tenants it concerns
   * @param detail what changed, or why it was refused
   * @param status 200 for a change in force, 400 for a refused one
   */
  void configurationChanged(
      String actor, String action, String source, List<String> tenants, String detail, int status) {
    if (auditLog == null) {
      return;
    }
    append(
        new AuditEvent(
            actor,
            "file",
            tenants.size() > AuditEvent.MAX_TENANTS
                ? tenants.subList(0, AuditEvent.MAX_TENANTS)
                : tenants,
            action,
            source,
            detail,
            status,
            0,
            0,
            0));
  }

  /** Records a refused request (principal null when it was refused before one was known). */
  void denied(
      ServiceRequestContext ctx, Principal principal, TenantScope scope, HttpStatus status) {
    if (auditLog == null) {
      return;
    }
    long elapsed =
        TimeUnit.NANOSECONDS.toMillis(
            System.nanoTime() - ctx.log().partial().requestStartTimeNanos());
    append(
        new AuditEvent(
            principal == null ? "anonymous" : principal.subject(),
            principal == null ? "none" : principal.method().label(),
            tenants(scope),
            DENIED,
            endpoint(ctx),
            query(ctx),
            status.code(),
            0,
            0,
            Math.max(0, elapsed)));
  }

  private void append(AuditEvent event) {
    auditLog
        .append(event)
        .whenComplete(
            (record, failure) -> {
              if (failure != null) {
                failures.inc();
                log.warn("audit record not written: {} {}", event.endpoint(), failure.toString());
              }
            });
  }

  private static List<String> tenants(TenantScope scope) {
    return scope == null ? List.of() : scope.asSet().stream().map(t -> t.value()).toList();
  }

  private static String endpoint(ServiceRequestContext ctx) {
    return ctx.method() + " " + ctx.config().route().patternString();
  }

  /**
   * The path and query string as sent, decoded so that the log reads like the query, followed by the body's query
   * where the endpoint read one ({@link QueryBody}: a POSTed form or search).
   */
  private static String query(ServiceRequestContext ctx) {
    String raw = ctx.query() == null ? ctx.path() : ctx.path() + "?" + ctx.query();
    String target = decoded(raw);
    return QueryBody.of(ctx).map(body -> target + " body: " + body).orElse(target);
  }

  private static String decoded(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a malformed escape: keep what was sent
    }
  }

  private static long bytesScanned(RequestLog requestLog) {
    String value = requestLog.responseHeaders().get(BYTES_SCANNED_HEADER);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long durationMs(RequestLog requestLog) {
    return TimeUnit.NANOSECONDS.toMillis(
        requestLog.responseEndTimeNanos() - requestLog.requestStartTimeNanos());
  }
}
