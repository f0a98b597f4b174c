package io.tracemate.http.support;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.util.Optional;

/**
 * The tenants a query reads. Stateless.
 *
 * <p>The server's access decorator runs in front of every API and leaves the request's authorized scope in the
 * context ({@link RequestIdentity}): {@code X-Scope-OrgID} ({@code a|b} for several tenants, each of which the
 * caller must be allowed to read), else the tenants of the caller's credential, else {@code fake} while
 * multitenancy is off. An API served without the decorator (its own tests, embedding) reads {@code X-Scope-OrgID}
 * by the same rule.
 */
public final class RequestTenants {
  private static final String HEADER = "x-scope-orgid";
  private static final String PARAMETER = "tenant";

  private RequestTenants() {}

  /**
   * The one tenant an answer about one thing (a service's RED, an edge's series) reads: the {@code tenant} parameter,
   * which must name a tenant of the request's scope, else the scope's only tenant.
   *
   * @throws BadRequestException when the scope has several tenants and the parameter names none of them
   */
  public static TenantId one(ServiceRequestContext ctx) {
    TenantScope scope = scope(ctx);
    String named = ctx.queryParams().get(PARAMETER);
    if (named == null || named.isBlank()) {
      if (scope.isSingle()) {
        return scope.single();
      }
      throw new BadRequestException(
          "this request reads several tenants ("
              + scope.header()
              + "): name the one to answer for with the parameter 'tenant'");
    }
    TenantId tenant;
    try {
      tenant = TenantId.parse(named.strip());
    } catch (InvalidTenantException e) {
      throw new BadRequestException("parameter 'tenant': " + e.getMessage());
    }
    if (!scope.contains(tenant)) {
      throw new BadRequestException(
          "parameter 'tenant' names "
              + tenant.value()
              + ", which is not among the tenants this request reads ("
              + scope.header()
              + ")");
    }
    return tenant;
  }

  /**
   * @throws BadRequestException for an invalid {@code X-Scope-OrgID}, naming the rule (without the decorator)
   */
  public static TenantScope scope(ServiceRequestContext ctx) {
    Optional<RequestIdentity> identity = RequestIdentity.of(ctx);
    if (identity.isPresent()) {
      return identity.get().scope();
    }
    String header = ctx.request().headers().get(HEADER);
    if (header == null || header.isBlank()) {
      return TenantScope.DEFAULT;
    }
    try {
      return TenantScope.parse(header.strip());
    } catch (InvalidTenantException e) {
      throw new BadRequestException("X-Scope-OrgID: " + e.getMessage());
    }
  }
}
