package io.tracemate.auth;

import com.linecorp.armeria.common.RequestContext;
import io.netty.util.AttributeKey;
import io.tracemate.common.tenant.TenantScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who a request acts as and on which tenants, as the server's access decorator found them before the service ran.
 * Services that need the tenant read it from here ({@link #of}) rather than from {@code X-Scope-OrgID} again, so
 * that the tenant a request was authorized for is the tenant it reads or writes: with authentication on, a request
 * without the header acts on its credential's tenant.
 *
 * <p>Immutable.
 *
 * @param principal who sent it ({@link #ANONYMOUS} when authentication is off)
 * @param scope the tenants it acts on
 */
public record RequestIdentity(Principal principal, TenantScope scope) {
  /** The request context attribute holding it. */
  public static final AttributeKey<RequestIdentity> KEY =
      AttributeKey.valueOf(RequestIdentity.class, "identity");

  /** The principal of every request while authentication is off: nobody in particular, holding no grants. */
  public static final Principal ANONYMOUS =
      new Principal("anonymous", AuthMethod.NONE, Map.of(), List.of());

  /** The identity the access decorator put on {@code ctx} (or a parent), if it ran. */
  public static Optional<RequestIdentity> of(RequestContext ctx) {
    return ctx == null ? Optional.empty() : Optional.ofNullable(ctx.attr(KEY));
  }
}
