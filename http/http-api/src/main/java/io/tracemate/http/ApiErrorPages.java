package io.tracemate.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.jaeger.JaegerErrors;
import io.tracemate.http.loki.LokiQueryApi;
import io.tracemate.http.prometheus.PromErrors;
import io.tracemate.http.support.ErrorShape;
import java.util.List;
import java.util.Locale;

/**
 * The error pages the HTTP server itself renders (no route for the path, a method the route does not take, a
 * body over the route's limit, a request timeout) in the error shape of the API family the path belongs to,
 * because clients show whatever the body says and parse it as their API's error:
 * <ul>
 *   <li>{@code /api/v1/...} and {@code /prometheus/...}: Prometheus' {@code {"status": "error", "errorType",
 *       "error"}};</li>
 *   <li>{@code /api/v3/...}: api_v3's gateway error {@code {"error": {"httpCode", "message"}}};</li>
 *   <li>Tracemate's own APIs ({@code /api/topology}, {@code /api/red}, {@code /api/analysis},
 *       {@code /api/logs}, {@code /api/admin}): {@code {"error": {"code", "message"}}};</li>
 *   <li>any other {@code /api/...}: Jaeger's envelope {@code {"data": null, "total": 0, "limit": 0, "offset": 0,
 *       "errors": [{"code", "msg"}]}};</li>
 *   <li>{@code /loki/...}: Loki's plain text ({@code 404 page not found}, as its router answers).</li>
 * </ul>
 * Other paths (the web UI, {@code /metrics}, {@code /ready}) keep Armeria's default page. This only renders
 * statuses; it claims no route, so no API is shadowed. Install it with {@code ServerBuilder.errorHandler}. The shapes
 * are the families' own ({@link ErrorShape}), the same their handlers answer errors in; this class only knows which
 * path belongs to which family, whether or not that family's API is installed. Stateless and thread-safe.
 */
public final class ApiErrorPages implements ServerErrorHandler {
  /** Path prefixes of Tracemate's own JSON APIs, which answer errors as {@code {"error": {"code", "message"}}}. */
  static final List<String> OWN_API_PREFIXES =
      List.of("/api/topology", "/api/red", "/api/analysis", "/api/logs", "/api/admin");

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    // Services map their own exceptions; anything else goes to the default handler, which renders a
    // status.
    return null;
  }

  @Override
  public AggregatedHttpResponse renderStatus(
      ServiceRequestContext ctx,
      ServiceConfig config,
      RequestHeaders headers,
      HttpStatus status,
      String description,
      Throwable cause) {
    if (headers == null) {
      // A protocol violation before the request had headers (Armeria refusing a request target with
      // an escaped
      // control character, %00-%1F): no path, so no family; Armeria's own status page. Throwing
      // here made Armeria
      // drop the connection without any answer.
      return null;
    }
    String path = headers.path();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    ErrorShape shape = shape(path);
    return shape == null
        ? null
        : shape.render(status, message(headers, path, status, description), false);
  }

  /** The error shape of the API family {@code path} belongs to, or null outside the APIs. */
  public static ErrorShape shape(String path) {
    if (under(path, "/loki")) {
      return LokiQueryApi.ERRORS.shape();
    }
    if (under(path, "/api/v1") || under(path, "/prometheus")) {
      return PromErrors.SHAPE;
    }
    if (under(path, "/api/v3")) {
      return JaegerErrors.V3.shape();
    }
    for (String prefix : OWN_API_PREFIXES) {
      if (under(path, prefix)) {
        return ErrorShape.TRACEMATE;
      }
    }
    return under(path, "/api") ? JaegerErrors.V1.shape() : null;
  }

  /** Go's wording for the router's own statuses (Jaeger and Loki both answer with Go's router), plus the request. */
  private static String message(
      RequestHeaders headers, String path, HttpStatus status, String description) {
    String request = headers.method() + " " + path;
    if (status == HttpStatus.NOT_FOUND) {
      return "404 page not found: " + request;
    }
    if (status == HttpStatus.METHOD_NOT_ALLOWED) {
      return "405 method not allowed: " + request;
    }
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      return "413 request body too large: " + request;
    }
    return status.code()
        + " "
        + status.reasonPhrase().toLowerCase(Locale.ROOT)
        + ": "
        + request
        + (description == null || description.isBlank() ? "" : " (" + description + ")");
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
