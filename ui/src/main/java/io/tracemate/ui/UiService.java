package io.tracemate.ui;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.encoding.EncodingService;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;
import java.util.List;

/**
 * Serves the web UI from the class path: the hashed build assets under {@code /assets/} (cached for a year,
 * immutable) and {@code index.html} (revalidated on every load) for each of the single-page app's routes, so
 * deep links such as {@code /trace/{traceID}} load directly. Only the UI's own paths are registered; the
 * server's APIs are never shadowed. Stateless and thread-safe.
 */
public final class UiService {
  /** Where the Maven build puts the front-end build output inside the jar. */
  static final String STATIC_ROOT = "io/tracemate/ui/static";

  /** The client-side routes that answer with {@code index.html}; Vue's router picks the page. */
  static final List<String> SPA_ROUTES = List.of(
      "/", "/search", "/trace/{traceID}", "/topology", "/logs", "/services/{service}");

  private static final ServerCacheControl IMMUTABLE = ServerCacheControl.builder()
      .cachePublic().maxAgeSeconds(365L * 24 * 3600).immutable().build();

  /** Stateless: wiring code may call {@link #addTo} on the type or on an instance. */
  public UiService() {}

  /**
   * Registers the UI's routes on {@code sb}.
   *
   * @return {@code sb}, for chaining
   */
  public static ServerBuilder addTo(ServerBuilder sb) {
    ClassLoader loader = UiService.class.getClassLoader();
    HttpService index = loader.getResource(STATIC_ROOT + "/index.html") == null
        ? notBuilt()
        : HttpFile.builder(loader, STATIC_ROOT + "/index.html")
            .cacheControl(ServerCacheControl.REVALIDATED)
            .build()
            .asService();
    for (String route : SPA_ROUTES) {
      sb.route().path(route).methods(HttpMethod.GET, HttpMethod.HEAD).build(index);
    }
    // Compressed on the fly: the bundle shrinks to about a third, and the immutable caching makes it once per build.
    sb.serviceUnder("/assets/", FileService.builder(loader, STATIC_ROOT + "/assets")
        .cacheControl(IMMUTABLE)
        .build()
        .decorate(EncodingService.newDecorator()));
    sb.service("/favicon.svg", HttpFile.builder(loader, STATIC_ROOT + "/favicon.svg")
        .cacheControl(ServerCacheControl.REVALIDATED)
        .build()
        .asService());
    return sb;
  }

  /** Built without the front-end (-Dskip.frontend): say so instead of answering a bare 404. */
  private static HttpService notBuilt() {
    return (ctx, req) -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8,
        "The Tracemate web UI is not in this build: build the ui module without -Dskip.frontend "
            + "(it needs Node >= 20 and npm on the PATH). The APIs under /api are available.\n");
  }
}
