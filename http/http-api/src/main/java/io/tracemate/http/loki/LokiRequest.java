package io.tracemate.http.loki;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.RequestHeaders;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.logs.LogSelection;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every Loki endpoint reads from a request: the parameters (query string, plus the form body of a
 * {@code POST} with {@code application/x-www-form-urlencoded}, as Grafana sends long queries), the tenants
 * ({@code X-Scope-OrgID}, {@code a|b} for several, default {@value LogSelection#DEFAULT_TENANT}) and the response
 * encoding flags
 * ({@code X-Loki-Response-Encoding-Flags}, comma-separated); and the request's {@link Cancellation}, which every
 * handler hands to the engine or store it calls (see the package documentation).
 */
record LokiRequest(
    QueryParams params, TenantScope tenants, Set<String> encodingFlags, Cancellation cancellation) {
  static final String TENANT_HEADER = "X-Scope-OrgID";
  static final String ENCODING_FLAGS_HEADER = "X-Loki-Response-Encoding-Flags";

  /** The same request, stopping with {@code cancellation}. */
  LokiRequest withCancellation(Cancellation cancellation) {
    return new LokiRequest(params, tenants, encodingFlags, cancellation);
  }

  boolean categorizeLabels() {
    return encodingFlags.contains(QueryResultJson.CATEGORIZE_LABELS);
  }

  /** From the query string and headers alone (a WebSocket upgrade has no form body). */
  static LokiRequest of(RequestContext ctx, RequestHeaders headers, QueryParams params) {
    return new LokiRequest(
        params,
        tenants(ctx, headers),
        flags(headers.get(ENCODING_FLAGS_HEADER)),
        Cancellation.none());
  }

  /** Form values come first, so they win over the query string, as in Go's {@code Request.Form}. */
  static LokiRequest of(
      RequestContext ctx, AggregatedHttpRequest request, QueryParams queryString) {
    MediaType contentType = request.headers().contentType();
    QueryParams params = queryString;
    if (request.method() == HttpMethod.POST
        && contentType != null
        && contentType.is(MediaType.FORM_DATA)
        && !request.content().isEmpty()) {
      QueryParamsBuilder merged = QueryParams.fromQueryString(request.contentUtf8()).toBuilder();
      merged.add(queryString);
      params = merged.build();
    }
    return of(ctx, request.headers(), params);
  }

  /**
   * The request's tenants: the scope the server's access decorator authorized it for ({@link RequestIdentity}),
   * so that a caller whose credential names its tenant reads that tenant without sending {@code X-Scope-OrgID};
   * else (the API served without the decorator) the header's. {@code a|b} reads several tenants, as Loki's
   * multi-tenant queries do.
   *
   * @throws BadRequestException for a tenant ID Loki would refuse, naming the rule
   */
  static TenantScope tenants(RequestContext ctx, RequestHeaders headers) {
    Optional<RequestIdentity> identity = RequestIdentity.of(ctx);
    return identity.isPresent() ? identity.get().scope() : tenants(headers.get(TENANT_HEADER));
  }

  /**
   * {@code X-Scope-OrgID}'s tenants; {@code fake} when absent.
   *
   * @throws BadRequestException for a tenant ID Loki would refuse, naming the rule
   */
  static TenantScope tenants(String header) {
    if (header == null || header.isBlank()) {
      return TenantScope.DEFAULT;
    }
    try {
      return TenantScope.parse(header.strip());
    } catch (InvalidTenantException e) {
      throw new BadRequestException(TENANT_HEADER + ": " + e.getMessage());
    }
  }

  static Set<String> flags(String header) {
    if (header == null || header.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(header.split(","))
        .map(flag -> flag.strip().toLowerCase(Locale.ROOT))
        .filter(flag -> !flag.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
