package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * GETs from a server's query port as a given credential and tenant, as Grafana and the Jaeger UI call it: a bearer
 * token in {@code Authorization} and the tenants in {@code X-Scope-OrgID}, each left out when null. Over TLS when
 * built with an {@code https} base and a client trusting the server's CA. Thread-safe (the JDK client is).
 */
final class QueryPortClient {
  private final HttpClient http;
  private final String base;

  /** @param base the query port's URL without a path, such as {@code http://127.0.0.1:4000} */
  QueryPortClient(HttpClient http, String base) {
    this.http = http;
    this.base = base;
  }

  /** The plain-HTTP query port of {@code server}, with a client of its own. */
  static QueryPortClient of(TracemateServer server) {
    return new QueryPortClient(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.httpPort());
  }

  String base() {
    return base;
  }

  HttpResponse<String> get(String pathAndQuery, String token, String tenant)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (tenant != null) {
      request.header("X-Scope-OrgID", tenant);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** As {@link #get}, for an answer that must be 200 with a JSON body. */
  JsonNode getJson(String pathAndQuery, String token, String tenant)
      throws IOException, InterruptedException {
    HttpResponse<String> response = get(pathAndQuery, token, tenant);
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(response.body());
  }

  /**
   * Polls Jaeger's service list (for at most 20 s; spans become searchable within the refresh interval) until it
   * names every one of {@code expected}; returns its {@code data} array.
   */
  JsonNode awaitServices(String token, Collection<String> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = get("/api/services", token, null);
      if (answer.statusCode() == 200) {
        last = RunningServer.JSON.readTree(answer.body()).path("data");
        List<String> names = new ArrayList<>();
        last.forEach(name -> names.add(name.asText()));
        if (names.containsAll(expected)) {
          return last;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("services " + expected + " never listed; last answer: " + last);
  }
}
