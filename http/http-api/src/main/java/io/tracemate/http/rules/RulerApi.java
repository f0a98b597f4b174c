package io.tracemate.http.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.rules.RuleFormatException;
import io.tracemate.alerting.rules.RuleGroup;
import io.tracemate.alerting.rules.RuleGroupWriter;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestTenants;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loki's ruler API, as lokitool, cortextool and Grafana's ruler client use it: {@code GET /loki/api/v1/rules}
 * (every namespace), {@code GET|POST|DELETE /loki/api/v1/rules/{namespace}} (list, set one group from a YAML body,
 * delete the namespace), {@code GET|DELETE /loki/api/v1/rules/{namespace}/{group}}, and the same under the legacy
 * {@code /api/prom/rules}. Answers as Loki's: YAML ({@code application/yaml}) for reads, {@code 202} with
 * {@code {"status":"success"}} for writes, {@code 404} "no rule groups found" / "group does not exist" / "group
 * namespace does not exist", and {@code 400} with every validation error (position, group, rule and the parse error)
 * in plain text. Each call reads or writes the rules of the request's tenant (one tenant: a scope of several is
 * refused). Writes are stored durably before the answer. Thread-safe.
 */
public final class RulerApi {
  /** Largest rule-group body accepted. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final List<String> PREFIXES = List.of("/loki/api/v1/rules", "/api/prom/rules");

  private static final ApiErrors ERRORS =
      ApiErrors.of(
          ErrorShape.PLAIN_TEXT,
          failure ->
              switch (failure) {
                case RuleFormatException e ->
                    ApiError.of(HttpStatus.BAD_REQUEST, String.join(", ", e.errors()));
                case UncheckedIOException e ->
                    ApiError.serverFault(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
                default -> null;
              });

  private final Ruler ruler;
  private final BlockingEndpoints endpoints = BlockingEndpoints.of(ERRORS);

  public RulerApi(Ruler ruler) {
    this.ruler = Objects.requireNonNull(ruler, "ruler");
  }

  /** The routes that read rules (READ). */
  public static List<String> readRoutes() {
    List<String> routes = new ArrayList<>();
    for (String prefix : PREFIXES) {
      routes.add(prefix);
    }
    return routes;
  }

  /**
   * The routes that read with GET and write with POST or DELETE (READ for GET, WRITE_RULES for the rest): the
   * namespace and group routes.
   */
  public static List<String> readWriteRoutes() {
    List<String> routes = new ArrayList<>();
    for (String prefix : PREFIXES) {
      routes.add(prefix + "/:namespace");
      routes.add(prefix + "/:namespace/:groupName");
    }
    return routes;
  }

  /** Binds the routes. */
  public ServerBuilder addTo(ServerBuilder server) {
    for (String prefix : PREFIXES) {
      server.route().get(prefix).build(endpoints.service(this::listAll));
      server.route().get(prefix + "/:namespace").build(endpoints.service(this::listNamespace));
      server
          .route()
          .post(prefix + "/:namespace")
          .maxRequestLength(MAX_BODY_BYTES)
          .build(endpoints.serviceWithBody(this::setGroup));
      server.route().delete(prefix + "/:namespace").build(endpoints.service(this::deleteNamespace));
      server
          .route()
          .get(prefix + "/:namespace/:groupName")
          .build(endpoints.service(this::getGroup));
      server
          .route()
          .delete(prefix + "/:namespace/:groupName")
          .build(endpoints.service(this::deleteGroup));
    }
    return server;
  }

  /** The one tenant a ruler call is about. */
  static TenantId tenant(ServiceRequestContext ctx) {
    TenantScope scope = RequestTenants.scope(ctx);
    if (scope.tenants().size() != 1) {
      throw new BadRequestException(
          "the ruler API reads and writes the rules of one tenant; X-Scope-OrgID names "
              + scope.tenants().size());
    }
    return scope.tenants().iterator().next();
  }

  private HttpResponse listAll(ServiceRequestContext ctx) {
    Map<String, List<RuleGroup>> namespaces = ruler.namespaces(tenant(ctx));
    if (namespaces.isEmpty()) {
      return notFound("no rule groups found");
    }
    return yaml(RuleGroupWriter.namespaces(namespaces));
  }

  private HttpResponse listNamespace(ServiceRequestContext ctx) {
    String namespace = ctx.pathParam("namespace");
    return ruler
        .namespace(tenant(ctx), namespace)
        .map(groups -> yaml(RuleGroupWriter.namespaces(Map.of(namespace, groups))))
        .orElseGet(() -> notFound("no rule groups found"));
  }

  private HttpResponse getGroup(ServiceRequestContext ctx) {
    return ruler
        .group(tenant(ctx), ctx.pathParam("namespace"), ctx.pathParam("groupName"))
        .map(group -> yaml(RuleGroupWriter.groupYaml(group)))
        .orElseGet(() -> notFound("group does not exist"));
  }

  private HttpResponse setGroup(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    TenantId tenant = tenant(ctx);
    String namespace = ctx.pathParam("namespace");
    if (namespace.isEmpty()) {
      throw new BadRequestException("a namespace must be provided in the request");
    }
    String body = request.content().toString(StandardCharsets.UTF_8);
    RuleGroup group = ruler.parser().parseGroup(namespace, body);
    ruler.setGroup(tenant, namespace, group);
    return accepted();
  }

  private HttpResponse deleteNamespace(ServiceRequestContext ctx) {
    if (!ruler.deleteNamespace(tenant(ctx), ctx.pathParam("namespace"))) {
      return notFound("group namespace does not exist");
    }
    return accepted();
  }

  private HttpResponse deleteGroup(ServiceRequestContext ctx) {
    if (!ruler.deleteGroup(tenant(ctx), ctx.pathParam("namespace"), ctx.pathParam("groupName"))) {
      return notFound("group does not exist");
    }
    return accepted();
  }

  private static HttpResponse yaml(String text) {
    return HttpResponse.of(
        HttpStatus.OK, MediaType.create("application", "yaml"), HttpData.ofUtf8(text));
  }

  private static HttpResponse notFound(String message) {
    return ERRORS.shape().render(HttpStatus.NOT_FOUND, message, false).toHttpResponse();
  }

  /** Loki's answer to a write: stored, and taken up by the evaluator. */
  private static HttpResponse accepted() {
    return JsonBody.response(
        HttpStatus.ACCEPTED,
        false,
        (JsonGenerator out) -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeNullField("data");
          out.writeStringField("errorType", "");
          out.writeStringField("error", "");
          out.writeEndObject();
        });
  }
}
