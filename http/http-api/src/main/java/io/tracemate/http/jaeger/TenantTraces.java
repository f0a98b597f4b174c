package io.tracemate.http.jaeger;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import io.tracemate.storage.TenantTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traces of a read as the Jaeger APIs show them. An answer for one tenant shows the traces as stored, so
 * nothing changes while multitenancy is off. An answer covering several tenants ({@code X-Scope-OrgID: a|b}) says
 * whose each trace is: every span's resource gains the attribute {@value #TENANT} (Jaeger JSON shows it as a
 * process tag, api_v3's OTLP JSON as a resource attribute), replacing one the sender may have set, so a sender
 * cannot pass its spans off as another tenant's. Stateless.
 */
final class TenantTraces {
  /** The process tag (resource attribute) naming a trace's tenant in a cross-tenant answer. */
  static final String TENANT = "tenant";

  private TenantTraces() {}

  static List<Trace> shown(TenantScope scope, List<TenantTrace> found) {
    List<Trace> traces = new ArrayList<>(found.size());
    for (TenantTrace trace : found) {
      traces.add(shown(scope, trace));
    }
    return traces;
  }

  static Trace shown(TenantScope scope, TenantTrace found) {
    if (scope.isSingle()) {
      return found.trace();
    }
    Attribute tenant = Attribute.of(TENANT, found.tenant().value());
    Map<Resource, Resource> tagged = new HashMap<>();
    List<Span> spans = new ArrayList<>(found.spans().size());
    for (Span span : found.spans()) {
      Resource resource =
          tagged.computeIfAbsent(span.resource(), stored -> withTenant(stored, tenant));
      spans.add(span.toBuilder().resource(resource).build());
    }
    return new Trace(found.traceId(), spans);
  }

  private static Resource withTenant(Resource stored, Attribute tenant) {
    List<Attribute> attributes = new ArrayList<>(stored.attributes().size() + 1);
    for (Attribute attribute : stored.attributes()) {
      if (!attribute.key().equals(TENANT)) {
        attributes.add(attribute);
      }
    }
    attributes.add(tenant);
    return new Resource(attributes, stored.droppedAttributesCount());
  }
}
