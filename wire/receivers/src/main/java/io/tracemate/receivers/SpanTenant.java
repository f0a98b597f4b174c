package io.tracemate.receivers;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.receivers.exchange.ErrorAnswer;
import io.tracemate.receivers.exchange.ErrorStatus;
import java.util.Optional;

/**
 * The tenant a span request writes to, found once per request (never per span). Stateless.
 *
 * <p>The server's access decorator runs in front of every receiver and leaves the request's authorized scope in the
 * context ({@link RequestIdentity}): the tenant named by {@code X-Scope-OrgID} (HTTP header or gRPC metadata), else
 * the one the credential is bound to, else {@link TenantId#DEFAULT} while multitenancy is off. A receiver served
 * without the decorator (tests, embedding) reads {@code X-Scope-OrgID} itself, with the same rule.
 */
final class SpanTenant {
  static final String HEADER = "x-scope-orgid";

  /** The {@code reason} label of requests refused for their tenant, as the log receivers count them. */
  static final String INVALID_TENANT = "invalid_tenant";

  private SpanTenant() {}

  /**
   * @param ctx the request's context, or null (a gRPC call outside Armeria)
   * @throws IllegalArgumentException naming the problem: an invalid tenant ID, or several tenants
   */
  static TenantId of(ServiceRequestContext ctx) {
    if (ctx == null) {
      return TenantId.DEFAULT;
    }
    Optional<RequestIdentity> identity = RequestIdentity.of(ctx);
    if (identity.isPresent()) {
      return single(identity.get().scope());
    }
    return of(ctx.request().headers());
  }

  /**
   * The tenant {@code X-Scope-OrgID} names, or {@link TenantId#DEFAULT} without one.
   *
   * @throws IllegalArgumentException naming the problem: an invalid tenant ID, or several tenants
   */
  static TenantId of(RequestHeaders headers) {
    String header = headers.get(HEADER);
    if (header == null || header.isBlank()) {
      return TenantId.DEFAULT;
    }
    return single(TenantScope.parse(header.strip()));
  }

  private static TenantId single(TenantScope scope) {
    if (!scope.isSingle()) {
      throw new IllegalArgumentException(
          "X-Scope-OrgID: a write goes to one tenant, not " + scope.header());
    }
    return scope.single();
  }

  /** The 400 for a request whose tenant {@link #of} refused. */
  static ErrorAnswer invalid(IllegalArgumentException problem) {
    return ErrorAnswer.of(ErrorStatus.MALFORMED, INVALID_TENANT, problem.getMessage());
  }
}
