package io.tracemate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UiServiceTest {
  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          // Stand-ins for the server's own routes: the UI must leave every one of them alone.
          sb.service("/api/services", (ctx, req) -> HttpResponse.of("api"));
          sb.service("/api/traces/{traceID}", (ctx, req) -> HttpResponse.of("api trace"));
          sb.service("/metrics", (ctx, req) -> HttpResponse.of("metrics"));
          sb.service("/ready", (ctx, req) -> HttpResponse.of("ready"));
          sb.serviceUnder("/loki/", (ctx, req) -> HttpResponse.of("loki"));
          UiService.addTo(sb);
        }
      };

  private static BlockingWebClient client() {
    return server.blockingWebClient();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/search",
        "/search?service=order-service&limit=20",
        "/trace/4bf92f3577b34da6a3ce929d0e0e4736",
        "/topology",
        "/logs",
        "/services/order-service",
        "/services",
        "/logs/",
        "/topology/",
        "/search/?service=x",
        "/services/order-service/",
        "/trace/4bf92f35/",
        "/compare?a=1&b=2"
      })
  void everyUiRouteAnswersIndexHtmlRevalidated(String path) {
    AggregatedHttpResponse response = client().get(path);

    assertThat(response.status()).isEqualTo(HttpStatus.OK);
    assertThat(response.contentType().toString()).startsWith("text/html");
    assertThat(response.contentUtf8()).contains("<div id=\"app\"></div>");
    assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).contains("no-cache");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/services", "/api/traces/abc", "/metrics", "/ready", "/loki/api/v1/labels"})
  void serverRoutesAreNotShadowed(String path) {
    AggregatedHttpResponse response = client().get(path);

    assertThat(response.status()).isEqualTo(HttpStatus.OK);
    assertThat(response.contentUtf8()).doesNotContain("<html").isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/nope", "/trace", "/trace/a/b", "/services/a/b", "/no/such/page"})
  void unknownPagesAnswerTheAppsNotFoundPage(String path) {
    AggregatedHttpResponse response = client().get(path);

    assertThat(response.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.contentType().toString()).startsWith("text/html");
    assertThat(response.contentUtf8()).contains("<div id=\"app\"></div>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/unknown",
        "/api",
        "/assets/missing.js",
        "/metrics/x",
        "/ready/x",
        "/prometheus/api/v1/unknown"
      })
  void serverPathsStayPlainNotFound(String path) {
    AggregatedHttpResponse response = client().get(path);

    assertThat(response.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.contentUtf8()).doesNotContain("<html");
  }

  @Test
  void onlyReadsGetTheApp() {
    assertThat(client().prepare().post("/nope").content("x").execute().status())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(client().prepare().post("/nope").content("x").execute().contentUtf8())
        .doesNotContain("<html");
  }

  @Test
  void hashedAssetsAreCachedForAYearAndImmutable() throws IOException {
    String script = builtAsset(".js");

    AggregatedHttpResponse response = client().get("/assets/" + script);

    assertThat(response.status()).isEqualTo(HttpStatus.OK);
    assertThat(response.contentType().toString()).contains("javascript");
    assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL))
        .contains("max-age=31536000")
        .contains("immutable");
    assertThat(client().get("/").contentUtf8()).contains("/assets/" + script);
  }

  @Test
  void assetsAreGzippedForClientsThatAcceptIt() throws IOException {
    String script = builtAsset(".js");

    AggregatedHttpResponse response =
        client()
            .execute(
                RequestHeaders.builder(HttpMethod.GET, "/assets/" + script)
                    .add(HttpHeaderNames.ACCEPT_ENCODING, "gzip")
                    .build());

    assertThat(response.status()).isEqualTo(HttpStatus.OK);
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    long size = Files.size(Path.of("target/classes", UiService.STATIC_ROOT, "assets", script));
    assertThat(response.content().length()).isLessThan((int) (size / 2));
  }

  @Test
  void headRequestsForUiRoutesAnswerWithoutABody() {
    AggregatedHttpResponse response =
        client().execute(RequestHeaders.of(HttpMethod.HEAD, "/search"));

    assertThat(response.status()).isEqualTo(HttpStatus.OK);
    assertThat(response.content().isEmpty()).isTrue();
  }

  /** A file name vite emitted, read from the build output on the test class path. */
  private static String builtAsset(String suffix) throws IOException {
    Path assets = Path.of("target/classes", UiService.STATIC_ROOT, "assets");
    try (Stream<Path> files = Files.list(assets)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("index-") && name.endsWith(suffix))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no index-*" + suffix + " in " + assets.toAbsolutePath()));
    }
  }
}
