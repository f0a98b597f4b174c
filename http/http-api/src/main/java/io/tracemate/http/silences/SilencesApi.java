package io.tracemate.http.silences;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.alerting.notify.silence.Silence;
import io.tracemate.alerting.notify.silence.SilenceNotFoundException;
import io.tracemate.alerting.notify.silence.SilenceStore;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestTenants;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The silences of the built-in contact points, in Alertmanager's v2 API shape so that Grafana's Alertmanager data
 * source, {@code amtool} and the UI manage them alike: {@code GET /api/v2/silences} (optionally {@code filter=}
 * matchers, each of which the silence's own matchers must satisfy), {@code POST /api/v2/silences} (a new silence,
 * or a change when the body has an {@code id}; answers {@code {"silenceID"}}), {@code GET /api/v2/silence/{id}},
 * {@code DELETE /api/v2/silence/{id}} (expires it). The same under Tracemate's own prefix: {@code
 * /api/alerting/silences} and {@code /api/alerting/silences/{id}}.
 *
 * <p>Every call acts on the request's tenants: reads on its whole scope, writes on its one tenant (a write naming
 * several is refused). Errors are a JSON string with the status, as Alertmanager answers them (400 for an invalid
 * silence, saying what is wrong; 404 for an unknown ID). Bodies are bounded to {@value #MAX_BODY_BYTES} bytes.
 *
 * <p>Thread-safe; runs on the blocking task executor (a change is written to disk before it is answered).
 */
public final class SilencesApi {
  public static final String AM_LIST = "/api/v2/silences";
  public static final String AM_ONE = "/api/v2/silence/:id";
  public static final String LIST = "/api/alerting/silences";
  public static final String ONE = "/api/alerting/silences/:id";
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** Alertmanager's error body: a JSON string. */
  static final ErrorShape JSON_STRING =
      (status, message, pretty) ->
          JsonBody.aggregated(status, false, out -> out.writeString(message));

  private final SilenceStore store;
  private final Clock clock;
  private final BlockingEndpoints endpoints =
      BlockingEndpoints.of(ApiErrors.of(JSON_STRING, SilencesApi::known));

  public SilencesApi(SilenceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Every route pattern this API serves (the server's route table declares each). */
  public static List<String> routes() {
    return List.of(AM_LIST, AM_ONE, LIST, ONE);
  }

  public ServerBuilder addTo(ServerBuilder server) {
    for (String list : List.of(AM_LIST, LIST)) {
      server.route().get(list).build(endpoints.service(this::list));
      server
          .route()
          .post(list)
          .maxRequestLength(MAX_BODY_BYTES)
          .build(endpoints.serviceWithBody(this::post));
    }
    for (String one : List.of(AM_ONE, ONE)) {
      server.route().get(one).build(endpoints.service(this::get));
      server.route().delete(one).build(endpoints.service(this::delete));
    }
    return server;
  }

  private static ApiError known(Throwable failure) {
    if (failure instanceof SilenceNotFoundException e) {
      return ApiError.of(HttpStatus.NOT_FOUND, e.getMessage());
    }
    if (failure instanceof IllegalArgumentException e) {
      return ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return null;
  }

  private HttpResponse list(ServiceRequestContext ctx) {
    List<LabelMatcher.Compiled> filter = new ArrayList<>();
    for (String text : ctx.queryParams().getAll("filter")) {
      try {
        filter.add(LabelMatcher.parse(text).compile());
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("bad matcher format: " + e.getMessage());
      }
    }
    Instant now = clock.instant();
    List<Silence> silences =
        store.list(tenants(ctx)).stream().filter(s -> matchesFilter(s, filter)).toList();
    return JsonBody.ok(
        out -> {
          out.writeStartArray();
          for (Silence silence : silences) {
            write(out, silence, now);
          }
          out.writeEndArray();
        });
  }

  /** Alertmanager's filter: the silence's equality matchers, read as labels, satisfy every filter matcher. */
  private static boolean matchesFilter(Silence silence, List<LabelMatcher.Compiled> filter) {
    if (filter.isEmpty()) {
      return true;
    }
    Map<String, String> labels = new HashMap<>();
    for (LabelMatcher m : silence.matchers()) {
      labels.put(m.name(), m.value());
    }
    return filter.stream().allMatch(f -> f.matches(labels));
  }

  private HttpResponse get(ServiceRequestContext ctx) {
    Silence silence = store.get(tenants(ctx), ctx.pathParam("id"));
    Instant now = clock.instant();
    return JsonBody.ok(out -> write(out, silence, now));
  }

  private HttpResponse delete(ServiceRequestContext ctx) {
    store.expire(writeTenant(ctx), ctx.pathParam("id"));
    return HttpResponse.of(HttpStatus.OK);
  }

  private HttpResponse post(ServiceRequestContext ctx, AggregatedHttpRequest request) {
    TenantId tenant = writeTenant(ctx);
    JsonNode body;
    try {
      body = JsonBody.readTree(request.contentUtf8());
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the body is not JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new BadRequestException("the body must be a silence object");
    }
    String id = text(body, "id", false);
    String silenceId =
        store.upsert(
            tenant,
            new SilenceStore.Request(
                id,
                matchers(body.get("matchers")),
                time(body, "startsAt"),
                time(body, "endsAt"),
                text(body, "createdBy", true),
                text(body, "comment", true)));
    AggregatedHttpResponse answer =
        JsonBody.aggregated(
            HttpStatus.OK,
            false,
            out -> {
              out.writeStartObject();
              out.writeStringField("silenceID", silenceId);
              out.writeEndObject();
            });
    return answer.toHttpResponse();
  }

  private static List<LabelMatcher> matchers(JsonNode node) {
    if (node == null || !node.isArray()) {
      throw new BadRequestException("matchers must be an array of {name, value, isRegex, isEqual}");
    }
    List<LabelMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      if (!m.isObject()
          || !m.path("name").isTextual()
          || !m.path("value").isTextual()
          || !m.path("isRegex").isBoolean()
          || (m.has("isEqual") && !m.get("isEqual").isBoolean())) {
        throw new BadRequestException(
            "matchers["
                + i
                + "] must have name and value (strings), isRegex and optionally isEqual"
                + " (booleans)");
      }
      try {
        matchers.add(
            new LabelMatcher(
                m.get("name").asText(),
                m.get("value").asText(),
                m.get("isRegex").asBoolean(),
                m.path("isEqual").asBoolean(true)));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException("matchers[" + i + "]: " + e.getMessage());
      }
    }
    return matchers;
  }

  private static Instant time(JsonNode body, String field) {
    String text = text(body, field, true);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        throw new BadRequestException(field + " must be an RFC 3339 time, got '" + text + "'");
      }
    }
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new BadRequestException(field + " is required");
      }
      return null;
    }
    if (!node.isTextual()) {
      throw new BadRequestException(field + " must be a string");
    }
    return node.asText();
  }

  private static Set<TenantId> tenants(ServiceRequestContext ctx) {
    return RequestTenants.scope(ctx).asSet();
  }

  private static TenantId writeTenant(ServiceRequestContext ctx) {
    TenantScope scope = RequestTenants.scope(ctx);
    if (scope.asSet().size() != 1) {
      throw new BadRequestException(
          "a silence belongs to one tenant: name one in X-Scope-OrgID, not "
              + scope.asSet().size());
    }
    return scope.asSet().iterator().next();
  }

  private static void write(JsonGenerator out, Silence silence, Instant now) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", silence.id());
    out.writeObjectFieldStart("status");
    out.writeStringField("state", silence.state(now).apiName());
    out.writeEndObject();
    out.writeStringField("updatedAt", silence.updatedAt().toString());
    out.writeArrayFieldStart("matchers");
    for (LabelMatcher m : silence.matchers()) {
      out.writeStartObject();
      out.writeStringField("name", m.name());
      out.writeStringField("value", m.value());
      out.writeBooleanField("isRegex", m.regex());
      out.writeBooleanField("isEqual", m.equal());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeStringField("startsAt", silence.startsAt().toString());
    out.writeStringField("endsAt", silence.endsAt().toString());
    out.writeStringField("createdBy", silence.createdBy());
    out.writeStringField("comment", silence.comment());
    out.writeEndObject();
  }
}
