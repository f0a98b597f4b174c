package io.tracemate.auth;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a principal may do something to every tenant of a scope. A cross-tenant read ({@code a|b}) needs
 * the permission on each tenant named; the refusal names the tenants that lack it, which are the caller's own
 * request and so tell nothing new ("not allowed to read tenant b").
 *
 * <p>Stateless.
 */
public final class Authorizer {
  /** Most tenants a refusal names; the rest are counted. */
  static final int MAX_NAMED = 5;

  private Authorizer() {}

  /** Allowed, or refused with the message for the caller (a 403). */
  public record Decision(boolean allowed, String message) {
    public static final Decision ALLOWED = new Decision(true, null);
  }

  public static Decision decide(Principal principal, Permission permission, TenantScope scope) {
    List<TenantId> refused = new ArrayList<>();
    for (TenantId tenant : scope.asSet()) {
      if (!principal.may(permission, tenant)) {
        refused.add(tenant);
      }
    }
    if (refused.isEmpty()) {
      return Decision.ALLOWED;
    }
    StringBuilder message =
        new StringBuilder("not allowed to ")
            .append(permission.verb())
            .append(refused.size() == 1 ? " tenant " : " tenants ");
    for (int i = 0; i < Math.min(refused.size(), MAX_NAMED); i++) {
      message.append(i == 0 ? "" : ", ").append(refused.get(i).value());
    }
    if (refused.size() > MAX_NAMED) {
      message.append(" and ").append(refused.size() - MAX_NAMED).append(" more");
    }
    return new Decision(false, message.toString());
  }
}
