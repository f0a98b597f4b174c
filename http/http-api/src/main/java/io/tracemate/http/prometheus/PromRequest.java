package io.tracemate.http.prometheus;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.Parameters;
import io.tracemate.http.support.RequestCancellation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.List;

/**
 * What every Prometheus endpoint reads from a request, with Prometheus' parsing and wording ({@code web/api/v1}):
 * the parameters (query string, and the form body of a {@code POST}, which wins, as Go's {@code Request.Form}),
 * times as Unix seconds with a fraction or RFC 3339, durations as Prometheus durations or float seconds, the
 * tenant scope the request may read, and the request's {@link Cancellation}.
 *
 * @param params the merged parameters
 * @param scope the tenants the access decorator authorized (else {@code X-Scope-OrgID}, else the default tenant)
 * @param cancellation stops with the request, at the API's time-out
 */
record PromRequest(QueryParams params, TenantScope scope, Cancellation cancellation) {
  static final String TENANT_HEADER = "X-Scope-OrgID";

  /** The earliest and latest times Prometheus accepts when a bound is left out ({@code MinTime}, {@code MaxTime}). */
  static final long MIN_TIME_MILLIS = Long.MIN_VALUE / 1_000_000 * 1_000;

  static final long MAX_TIME_MILLIS = Long.MAX_VALUE / 1_000_000 * 1_000;

  static PromRequest of(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    MediaType contentType = request.headers().contentType();
    QueryParams params = ctx.queryParams();
    if (request.method() == HttpMethod.POST
        && contentType != null
        && contentType.is(MediaType.FORM_DATA)
        && !request.content().isEmpty()) {
      QueryParamsBuilder merged = QueryParams.fromQueryString(request.contentUtf8()).toBuilder();
      merged.add(params);
      params = merged.build();
    }
    return new PromRequest(params, scope(ctx), RequestCancellation.current(ctx));
  }

  private static TenantScope scope(ServiceRequestContext ctx) {
    return RequestIdentity.of(ctx)
        .map(RequestIdentity::scope)
        .orElseGet(
            () -> {
              String header = ctx.request().headers().get(TENANT_HEADER);
              if (header == null || header.isBlank()) {
                return TenantScope.DEFAULT;
              }
              try {
                return TenantScope.parse(header.strip());
              } catch (InvalidTenantException e) {
                throw new BadRequestException(e.getMessage());
              }
            });
  }

  /** The parameter's value, or null when absent or empty. */
  String optional(String name) {
    return Parameters.optional(params, name);
  }

  /** Every value of a repeated parameter ({@code match[]}). */
  List<String> all(String name) {
    return params.getAll(name);
  }

  /** A time parameter, or {@code defaultMillis} when absent. */
  long time(String name, long defaultMillis) {
    String text = optional(name);
    return text == null ? defaultMillis : parseTime(name, text);
  }

  /** A time parameter that must be there. */
  long requiredTime(String name) {
    String text = params.get(name);
    if (text == null) {
      throw invalid(name, "cannot parse \"\" to a valid timestamp");
    }
    return parseTime(name, text);
  }

  /**
   * Prometheus' {@code parseTime}: Unix seconds with an optional fraction (milliseconds kept), else RFC 3339.
   *
   * @throws BadRequestException {@code invalid parameter "<name>": cannot parse "<text>" to a valid timestamp}
   */
  static long parseTime(String name, String text) {
    try {
      BigDecimal seconds = new BigDecimal(text.strip());
      return seconds.movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      // not a number: RFC 3339 then
    }
    try {
      return Parameters.rfc3339(text.strip()).toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      throw invalid(name, "cannot parse \"" + text + "\" to a valid timestamp");
    }
  }

  /** A duration parameter, or null when absent. */
  Duration duration(String name) {
    String text = optional(name);
    return text == null ? null : parseDuration(name, text);
  }

  /**
   * Prometheus' {@code parseDuration}: float seconds, else a Prometheus duration ({@code 1m30s}).
   *
   * @throws BadRequestException {@code invalid parameter "<name>": cannot parse "<text>" to a valid duration}
   */
  static Duration parseDuration(String name, String text) {
    try {
      BigDecimal seconds = new BigDecimal(text.strip());
      BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.DOWN);
      if (nanos.toBigInteger().bitLength() < 63) {
        return Duration.ofNanos(nanos.longValueExact());
      }
      throw invalid(name, "cannot parse \"" + text + "\" to a valid duration. It overflows int64");
    } catch (NumberFormatException e) {
      return PrometheusDuration.parse(text.strip())
          .orElseThrow(() -> invalid(name, "cannot parse \"" + text + "\" to a valid duration"));
    }
  }

  /** {@code limit}: at most this many results; 0 (or absent) for all. */
  int limit() {
    String text = optional("limit");
    if (text == null) {
      return 0;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit < 0) {
        throw invalid("limit", "limit must be non-negative");
      }
      return limit;
    } catch (NumberFormatException e) {
      throw invalid("limit", "cannot parse \"" + text + "\" to a valid limit");
    }
  }

  static BadRequestException invalid(String name, String detail) {
    return new BadRequestException("invalid parameter \"" + name + "\": " + detail);
  }
}
