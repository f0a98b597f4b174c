package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.RequestHeaders;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.LogBatch;
import io.tracemate.logs.model.LogStream;
import io.tracemate.logs.model.Tenants;
import io.tracemate.receivers.exchange.ErrorAnswer;
import io.tracemate.receivers.exchange.ErrorStatus;
import io.tracemate.receivers.exchange.Intake;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What every log receiver does with a decoded push inside the one exchange: {@link #check} validates it against
 * the limits (Loki's limits with token buckets, stream limits), and the {@link Intake} of each receiver
 * ({@link #forReceiver}) hands the accepted streams on as a {@link LogBatch}, records label cardinality and counts
 * what was received, refused and accepted. One instance is shared by all log receivers: rate limits and active
 * streams are per tenant across them. Thread-safe.
 */
public final class LogIntake {
  /** The tenant when a push carries no {@code X-Scope-OrgID}, as Loki without authentication. */
  public static final String DEFAULT_TENANT = Tenants.DEFAULT;

  public static final String TENANT_HEADER = "X-Scope-OrgID";
  public static final int MAX_TENANT_LENGTH = 150;

  /** The {@code reason} of requests refused for their tenant ID. */
  static final String INVALID_TENANT = "invalid_tenant";

  private final LogValidator validator;
  private final LabelCardinalityTracker cardinality;
  private final ReceiverMetrics metrics;

  /**
   * @param registry receives the log receivers' metrics and the cardinality gauges (register once per registry)
   */
  public LogIntake(LogLimits limits, Clock clock, PrometheusRegistry registry) {
    this(limits, TenantLogLimits.fixed(limits), clock, registry);
  }

  /**
   * @param limits the configured limits (cardinality tracking and stream idle period come from them)
   * @param tenantLimits each tenant's limits, asked once per push (runtime overrides)
   * @param registry receives the log receivers' metrics and the cardinality gauges (register once per registry)
   */
  public LogIntake(
      LogLimits limits, TenantLogLimits tenantLimits, Clock clock, PrometheusRegistry registry) {
    this(
        new LogValidator(limits, tenantLimits, clock, LogValidator.DEFAULT_MAX_TRACKED_STREAMS),
        new LabelCardinalityTracker(
            limits.cardinalityThreshold(), limits.cardinalityWindow(), clock, registry),
        ReceiverMetrics.forLogs(registry));
  }

  public LogIntake(
      LogValidator validator, LabelCardinalityTracker cardinality, ReceiverMetrics metrics) {
    this.validator = validator;
    this.cardinality = cardinality;
    this.metrics = metrics;
  }

  /**
   * The tenant a request writes to: the one the server's access decorator authorized it for
   * ({@link RequestIdentity}; a credential bound to a tenant writes there without {@code X-Scope-OrgID}), else
   * {@link #tenant(RequestHeaders)}.
   *
   * @throws IllegalArgumentException naming the problem, for an invalid tenant ID or several tenants
   */
  public static String tenant(RequestContext ctx, RequestHeaders headers) {
    Optional<RequestIdentity> identity = RequestIdentity.of(ctx);
    if (identity.isEmpty()) {
      return tenant(headers);
    }
    TenantScope scope = identity.get().scope();
    if (!scope.isSingle()) {
      throw new IllegalArgumentException(
          "a push goes to one tenant, X-Scope-OrgID names several: " + scope.header());
    }
    return scope.single().value();
  }

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
      throw new IllegalArgumentException(
          "tenant ID is too long: max " + MAX_TENANT_LENGTH + " characters");
    }
    if (tenant.equals(".") || tenant.equals("..")) {
      throw new IllegalArgumentException("tenant ID is '.' or '..'");
    }
    for (int i = 0; i < tenant.length(); i++) {
      char c = tenant.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!-_.*'()".indexOf(c) >= 0;
      if (!ok) {
        throw new IllegalArgumentException(
            "tenant ID '"
                + tenant
                + "' contains unsupported character '"
                + c
                + "' (allowed: letters, digits and !-_.*'())");
      }
    }
    return tenant;
  }

  /** The 400 for a request whose tenant ID {@link #tenant} refused. */
  static ErrorAnswer invalidTenant(IllegalArgumentException problem) {
    return ErrorAnswer.of(ErrorStatus.MALFORMED, INVALID_TENANT, problem.getMessage());
  }

  ReceiverMetrics metrics() {
    return metrics;
  }

  /** Validates a decoded push against the limits; takes from the rate limits, so once per push. */
  LogSubmission check(String tenant, DecodedLogs decoded) {
    return new LogSubmission(tenant, decoded, validator.validate(tenant, decoded.streams()));
  }

  /** The intake of one receiver and transport, for its exchange. */
  Intake<LogSubmission, LogBatch> forReceiver(String receiver, String transport) {
    return new Bound(receiver, transport);
  }

  private final class Bound implements Intake<LogSubmission, LogBatch> {
    private final String receiver;
    private final String transport;

    Bound(String receiver, String transport) {
      this.receiver = receiver;
      this.transport = transport;
    }

    @Override
    public LogBatch admit(LogSubmission submission) {
      DecodedLogs decoded = submission.decoded();
      metrics.received(receiver, transport, decoded.entryCount() + decoded.rejectedCount());
      if (decoded.hasRejections()) {
        metrics.refused(receiver, RefusalReason.INVALID.label(), decoded.rejectedCount(), 0);
      }
      for (Refusal refusal : submission.validation().refusals()) {
        metrics.refused(receiver, refusal.reason().label(), refusal.entries(), refusal.bytes());
      }
      List<LogStream> accepted = submission.validation().accepted();
      return accepted.isEmpty() ? null : new LogBatch(submission.tenant(), accepted);
    }

    @Override
    public void accepted(LogSubmission submission, LogBatch batch) {
      metrics.accepted(receiver, batch.items(), batch.lineBytes());
      for (LogStream stream : batch.streams()) {
        cardinality.observe(batch.tenant(), stream.labels());
      }
    }

    @Override
    public void refused(LogSubmission submission, LogBatch batch, ErrorAnswer answer) {
      metrics.refused(receiver, answer.reason(), batch.items(), batch.lineBytes());
    }
  }
}
