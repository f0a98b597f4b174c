package io.tracemate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statuses the server renders itself (no route, wrong method) come in the error shape of the path's API family,
 * and rendering them never takes a route away from an API or the UI.
 */
class ApiErrorPagesTest {
  private static final ObjectMapper JSON_TREE = new ObjectMapper();

  @RegisterExtension
  static final ServerExtension SERVER =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          // Stand-ins for the families' routes and the UI on the same server, as the real server
          // wires them.
          sb.route()
              .get("/api/services")
              .build((ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8, "{\"data\":[]}"));
          sb.service(
              "/api/topology",
              (ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8, "{\"nodes\":[]}"));
          sb.service(
              "/api/logs/trace/{traceID}",
              (ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8, "{}"));
          sb.service(
              "/loki/api/v1/labels", (ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8, "{}"));
          sb.service(
              "/search",
              (ctx, req) -> HttpResponse.of(MediaType.HTML_UTF_8, "<div id=\"app\"></div>"));
          sb.errorHandler(new ApiErrorPages());
        }
      };

  private static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  private static JsonNode json(AggregatedHttpResponse response) throws Exception {
    return JSON_TREE.readTree(response.contentUtf8());
  }

  @Test
  void unknownJaegerPathIsAV1Envelope() throws Exception {
    AggregatedHttpResponse response = client().get("/api/archive/abc?x=1");
    assertThat(response.status().code()).isEqualTo(404);
    assertThat(response.contentType()).isEqualTo(MediaType.JSON_UTF_8);
    assertThat(json(response))
        .isEqualTo(
            JSON_TREE.readTree(
                """
        {"data":null,"total":0,"limit":0,"offset":0,
         "errors":[{"code":404,"msg":"404 page not found: GET /api/archive/abc"}]}"""));
  }

  @Test
  void wrongMethodOnAJaegerPathIsA405Envelope() throws Exception {
    AggregatedHttpResponse response =
        client().execute(HttpRequest.of(HttpMethod.POST, "/api/services"));
    assertThat(response.status().code()).isEqualTo(405);
    JsonNode error = json(response).get("errors").get(0);
    assertThat(error.get("code").asInt()).isEqualTo(405);
    assertThat(error.get("msg").asText()).isEqualTo("405 method not allowed: POST /api/services");
  }

  @Test
  void unknownV3PathIsAGatewayError() throws Exception {
    AggregatedHttpResponse response = client().get("/api/v3/spans");
    assertThat(response.status().code()).isEqualTo(404);
    assertThat(json(response))
        .isEqualTo(
            JSON_TREE.readTree(
                """
        {"error":{"httpCode":404,"message":"404 page not found: GET /api/v3/spans"}}"""));
  }

  @Test
  void unknownPathOfTracemateOwnApiUsesItsErrorShape() throws Exception {
    AggregatedHttpResponse response = client().get("/api/topology/unknown");
    assertThat(response.status().code()).isEqualTo(404);
    assertThat(json(response))
        .isEqualTo(
            JSON_TREE.readTree(
                """
        {"error":{"code":404,"message":"404 page not found: GET /api/topology/unknown"}}"""));
    assertThat(json(client().get("/api/logs/nope")).path("error").path("code").asInt())
        .isEqualTo(404);
  }

  @Test
  void unknownLokiPathIsLokiPlainText() {
    AggregatedHttpResponse response = client().get("/loki/api/v1/nope");
    assertThat(response.status().code()).isEqualTo(404);
    assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(response.contentUtf8()).isEqualTo("404 page not found: GET /loki/api/v1/nope\n");
  }

  @Test
  void knownRoutesStillAnswerAndOtherPathsKeepTheDefaultPage() {
    assertThat(client().get("/api/topology").contentUtf8()).isEqualTo("{\"nodes\":[]}");
    assertThat(client().get("/loki/api/v1/labels").status().code()).isEqualTo(200);
    assertThat(client().get("/api/services").status().code()).isEqualTo(200);
    assertThat(client().get("/search").contentUtf8()).contains("id=\"app\"");
    AggregatedHttpResponse other = client().get("/no-such-page");
    assertThat(other.status().code()).isEqualTo(404);
    assertThat(other.contentType()).isNotEqualTo(MediaType.JSON_UTF_8);
    // A prefix of a family is not the family.
    assertThat(client().get("/apix").contentType()).isNotEqualTo(MediaType.JSON_UTF_8);
  }

  /**
   * Found by fuzzing the query port (HttpFuzzEndToEndTest): a path or query holding an escaped control character
   * is a protocol violation Armeria renders without request headers; the renderer dereferenced them, and the
   * request got no answer at all (HTTP/1.1: the connection closed; HTTP/2: the stream hung).
   */
  @Test
  void aRequestTargetWithAnEscapedControlCharacterGetsA400() throws Exception {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    for (String target : new String[] {"/api/x%01y", "/loki/api/v1/labels?query=%00"}) {
      java.net.http.HttpResponse<String> response =
          http.send(
              java.net.http.HttpRequest.newBuilder(SERVER.httpUri().resolve(target))
                  .timeout(java.time.Duration.ofSeconds(10))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(target).isEqualTo(400);
      assertThat(response.body()).as(target).isNotBlank();
    }
  }
}
