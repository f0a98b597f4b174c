package io.tracemate.http.rules;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/rules/namespaces}: the request's tenant's rule namespaces, each with whether it comes from the
 * operator's rule directory (read-only: the ruler API refuses to change it) or was set through the ruler API, which
 * Loki's ruler API does not say and the UI's editor needs: {@code {"namespaces": [{"name", "readOnly"}]}}. When the
 * ruler API is not served ({@code ruler.enable_api: false}) every namespace is read-only. Thread-safe.
 */
public final class RuleNamespacesApi {
  /** The route (READ). */
  public static final String ROUTE = "/api/rules/namespaces";

  private final Ruler ruler;
  private final boolean rulerApiServed;
  private final BlockingEndpoints endpoints =
      BlockingEndpoints.of(ApiErrors.of(ErrorShape.TRACEMATE));

  public RuleNamespacesApi(Ruler ruler) {
    this(ruler, true);
  }

  /** @param rulerApiServed whether the ruler API that changes namespaces is served */
  public RuleNamespacesApi(Ruler ruler, boolean rulerApiServed) {
    this.ruler = Objects.requireNonNull(ruler, "ruler");
    this.rulerApiServed = rulerApiServed;
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server.route().get(ROUTE).build(endpoints.service(this::namespaces));
    return server;
  }

  private HttpResponse namespaces(ServiceRequestContext ctx) {
    Map<String, Boolean> namespaces = ruler.readOnlyByNamespace(RulerApi.tenant(ctx));
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("namespaces");
          for (var entry : namespaces.entrySet()) {
            out.writeStartObject();
            out.writeStringField("name", entry.getKey());
            out.writeBooleanField("readOnly", entry.getValue() || !rulerApiServed);
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }
}
