package io.tracemate.ui;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.encoding.EncodingService;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves the web UI from the class path: the hashed build assets under {@code /assets/} (cached for a year,
 * immutable) and {@code index.html} (revalidated on every load) for each of the single-page app's routes, so
 * deep links such as {@code /trace/{traceID}} load directly. Any other page path gets the app too (with a trailing
 * slash: the page; unknown: the app's "page not found", status 404); the server's APIs, probes and assets are
 * never shadowed: a miss there is a 404 in that API's error shape (the server's error handler renders it).
 * Stateless and thread-safe.
 */
public final class UiService {
  /** Where the Maven build puts the front-end build output inside the jar. */
  static final String STATIC_ROOT = "io/tracemate/ui/static";

  /** The client-side routes that answer with {@code index.html}; Vue's router picks the page. */
  static final List<String> SPA_ROUTES =
      List.of(
          "/",
          "/search",
          "/trace/{traceID}",
          "/topology",
          "/logs",
          "/services",
          "/services/{service}",
          "/compare",
          "/alerts",
          "/rules");

  /** The same routes as patterns, a trailing slash allowed (Vue's router takes {@code /logs/} for {@code /logs}). */
  private static final Pattern SPA_ROUTE =
      Pattern.compile(
          "/(search|trace/[^/]+|topology|logs|services|services/[^/]+|compare|alerts|rules)?/?");

  /** Paths that belong to the server (APIs, probes, assets): a miss there is a plain 404, never the app. */
  private static final List<String> SERVER_PATHS =
      List.of("/api", "/auth", "/loki", "/prometheus", "/assets", "/metrics", "/ready");

  private static final ServerCacheControl IMMUTABLE =
      ServerCacheControl.builder()
          .cachePublic()
          .maxAgeSeconds(365L * 24 * 3600)
          .immutable()
          .build();

  /** Stateless: wiring code may call {@link #addTo} on the type or on an instance. */
  public UiService() {}

  /**
   * Registers the UI's routes on {@code sb}.
   *
   * @return {@code sb}, for chaining
   */
  public static ServerBuilder addTo(ServerBuilder sb) {
    ClassLoader loader = UiService.class.getClassLoader();
    HttpService index =
        loader.getResource(STATIC_ROOT + "/index.html") == null
            ? notBuilt()
            : HttpFile.builder(loader, STATIC_ROOT + "/index.html")
                .cacheControl(ServerCacheControl.REVALIDATED)
                .build()
                .asService();
    for (String route : SPA_ROUTES) {
      sb.route().path(route).methods(HttpMethod.GET, HttpMethod.HEAD).build(index);
    }
    // Compressed on the fly: the bundle shrinks to about a third, and the immutable caching makes
    // it once per build.
    sb.serviceUnder(
        "/assets/",
        FileService.builder(loader, STATIC_ROOT + "/assets")
            .cacheControl(IMMUTABLE)
            .build()
            .decorate(EncodingService.newDecorator()));
    sb.service(
        "/favicon.svg",
        HttpFile.builder(loader, STATIC_ROOT + "/favicon.svg")
            .cacheControl(ServerCacheControl.REVALIDATED)
            .build()
            .asService());
    // Every other path: the app, so a person who mistypes a URL or adds a slash gets the UI (its
    // "page not found" for unknown pages, answered 404), not the server's bare text. Longer
    // prefixes and exact routes win over "/".
    sb.serviceUnder("/", fallback(index, indexBytes(loader)));
    return sb;
  }

  private static HttpService fallback(HttpService index, byte[] indexHtml) {
    return (ctx, req) -> {
      String path = ctx.path();
      boolean page =
          (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)
              && SERVER_PATHS.stream().noneMatch(p -> path.equals(p) || path.startsWith(p + "/"));
      if (!page) {
        // Thrown, not returned: the server's error handler then answers in the API family's own
        // error shape.
        throw HttpStatusException.of(HttpStatus.NOT_FOUND);
      }
      if (SPA_ROUTE.matcher(path).matches() || indexHtml == null) {
        return index.serve(ctx, req);
      }
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.NOT_FOUND)
              .contentType(MediaType.HTML_UTF_8)
              .set(HttpHeaderNames.CACHE_CONTROL, ServerCacheControl.REVALIDATED.asHeaderValue())
              .build(),
          HttpData.wrap(indexHtml));
    };
  }

  private static byte[] indexBytes(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(STATIC_ROOT + "/index.html")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading the web UI's index.html from the class path failed", e);
    }
  }

  /** Built without the front-end (-Dskip.frontend): say so instead of answering a bare 404. */
  private static HttpService notBuilt() {
    return (ctx, req) ->
        HttpResponse.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            MediaType.PLAIN_TEXT_UTF_8,
            "The Tracemate web UI is not in this build: build the ui module without -Dskip.frontend "
                + "(it needs Node >= 20 and npm on the PATH). The APIs under /api are available.\n");
  }
}
