package io.tracemate.alerting.rules;

import io.tracemate.common.tenant.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The rule groups the ruler runs for every tenant without being asked ({@link DefaultRules}), and where it learns
 * which tenants there are. A tenant gets them as the read-only namespace {@code namespace} unless the rule
 * directory holds a namespace of that name for it (an operator's override for that tenant; an empty file switches
 * them off for it).
 *
 * @param namespace the namespace they are listed under
 * @param groups the groups; empty: none
 * @param tenants the tenants with data (asked again every poll interval; cheap and thread-safe)
 */
public record DefaultRuleSet(
    String namespace, List<RuleGroup> groups, Supplier<? extends Collection<TenantId>> tenants) {
  public static final DefaultRuleSet NONE =
      new DefaultRuleSet(DefaultRules.NAMESPACE, List.of(), List::of);

  public DefaultRuleSet {
    Objects.requireNonNull(namespace, "namespace");
    groups = List.copyOf(groups);
    Objects.requireNonNull(tenants, "tenants");
  }
}
