package io.tracemate.http.silences;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.alerting.notify.silence.SilenceSettings;
import io.tracemate.alerting.notify.silence.SilenceStore;
import io.tracemate.common.tenant.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The silences API over HTTP, as amtool and Grafana's Alertmanager data source call it. */
class SilencesApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = temporaryDirectory();
  static final SilenceStore STORE =
      new SilenceStore(DIR, SilenceSettings.DEFAULTS, Clock.systemUTC());

  @RegisterExtension
  static final ServerExtension SERVER =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          new SilencesApi(STORE, Clock.systemUTC()).addTo(sb);
        }
      };

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("silences-api");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BlockingWebClient client() {
    return WebClient.of(SERVER.httpUri()).blocking();
  }

  private static AggregatedHttpResponse call(
      HttpMethod method, String path, String tenant, String body) {
    com.linecorp.armeria.common.RequestHeadersBuilder headers =
        RequestHeaders.builder(method, path);
    if (tenant != null) {
      headers.set("X-Scope-OrgID", tenant);
    }
    HttpRequest request =
        body == null
            ? HttpRequest.of(headers.build())
            : HttpRequest.of(
                headers.contentType(MediaType.JSON).build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(body));
    return client().execute(request);
  }

  private static JsonNode json(AggregatedHttpResponse response) throws Exception {
    return JSON.readTree(response.contentUtf8());
  }

  private static String silence(String matcherValue, Instant start, Instant end) {
    return """
        {"matchers": [{"name": "service", "value": "%s", "isRegex": false, "isEqual": true}],
         "startsAt": "%s", "endsAt": "%s", "createdBy": "alice", "comment": "deploy"}
        """
        .formatted(matcherValue, start, end);
  }

  @Test
  void createListGetAndExpireAsAlertmanagerDoesScopedToTheTenant() throws Exception {
    Instant now = Instant.now();
    AggregatedHttpResponse created =
        call(
            HttpMethod.POST,
            "/api/v2/silences",
            "bank-a",
            silence("checkout", now, now.plusSeconds(3600)));
    assertThat(created.status().code()).isEqualTo(200);
    String id = json(created).get("silenceID").asText();
    assertThat(
            STORE.silenced(TenantId.parse("bank-a"), Map.of("service", "checkout"), Instant.now()))
        .isTrue();

    JsonNode listed = json(call(HttpMethod.GET, "/api/v2/silences", "bank-a", null));
    JsonNode mine = null;
    for (JsonNode s : listed) {
      if (s.get("id").asText().equals(id)) {
        mine = s;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.at("/status/state").asText()).isEqualTo("active");
    assertThat(mine.at("/matchers/0/name").asText()).isEqualTo("service");
    assertThat(mine.at("/matchers/0/isEqual").asBoolean()).isTrue();
    assertThat(mine.get("createdBy").asText()).isEqualTo("alice");
    assertThat(mine.get("comment").asText()).isEqualTo("deploy");
    assertThat(
            json(call(HttpMethod.GET, "/api/alerting/silences/" + id, "bank-a", null))
                .get("id")
                .asText())
        .isEqualTo(id);
    assertThat(
            json(
                call(
                    HttpMethod.GET,
                    "/api/v2/silences?filter=service%3D%22checkout%22",
                    "bank-a",
                    null)))
        .hasSize(1);
    assertThat(
            json(
                call(
                    HttpMethod.GET,
                    "/api/v2/silences?filter=service%3D%22cart%22",
                    "bank-a",
                    null)))
        .isEmpty();

    // Another tenant neither sees nor expires it.
    assertThat(json(call(HttpMethod.GET, "/api/v2/silences", "bank-b", null))).isEmpty();
    AggregatedHttpResponse foreign = call(HttpMethod.GET, "/api/v2/silence/" + id, "bank-b", null);
    assertThat(foreign.status().code()).isEqualTo(404);
    assertThat(json(foreign).asText()).contains("not found");
    assertThat(call(HttpMethod.DELETE, "/api/v2/silence/" + id, "bank-b", null).status().code())
        .isEqualTo(404);

    assertThat(call(HttpMethod.DELETE, "/api/v2/silence/" + id, "bank-a", null).status().code())
        .isEqualTo(200);
    assertThat(
            json(call(HttpMethod.GET, "/api/v2/silence/" + id, "bank-a", null))
                .at("/status/state")
                .asText())
        .isEqualTo("expired");
    assertThat(
            STORE.silenced(TenantId.parse("bank-a"), Map.of("service", "checkout"), Instant.now()))
        .isFalse();
  }

  @Test
  void badSilencesAnswer400SayingWhatIsWrong() throws Exception {
    Instant now = Instant.now();
    AggregatedHttpResponse backwards =
        call(HttpMethod.POST, "/api/v2/silences", "bank-a", silence("x", now.plusSeconds(60), now));
    assertThat(backwards.status().code()).isEqualTo(400);
    assertThat(backwards.contentType().isJson()).isTrue();
    assertThat(json(backwards).asText()).contains("end time must be after start time");

    AggregatedHttpResponse notJson = call(HttpMethod.POST, "/api/v2/silences", "bank-a", "{nope");
    assertThat(notJson.status().code()).isEqualTo(400);
    assertThat(json(notJson).asText()).contains("not JSON");

    AggregatedHttpResponse noMatchers =
        call(
            HttpMethod.POST,
            "/api/v2/silences",
            "bank-a",
            "{\"startsAt\":\"%s\",\"endsAt\":\"%s\",\"createdBy\":\"a\",\"comment\":\"c\"}"
                .formatted(now, now.plusSeconds(60)));
    assertThat(json(noMatchers).asText()).contains("matchers must be an array");

    AggregatedHttpResponse badTime =
        call(
            HttpMethod.POST,
            "/api/v2/silences",
            "bank-a",
            silence("x", now, now.plusSeconds(60))
                .replace(now.plusSeconds(60).toString(), "tomorrow"));
    assertThat(json(badTime).asText()).contains("endsAt must be an RFC 3339 time");

    AggregatedHttpResponse twoTenants =
        call(
            HttpMethod.POST,
            "/api/v2/silences",
            "bank-a|bank-b",
            silence("x", now, now.plusSeconds(60)));
    assertThat(twoTenants.status().code()).isEqualTo(400);
    assertThat(json(twoTenants).asText()).contains("one tenant");

    AggregatedHttpResponse huge =
        call(
            HttpMethod.POST,
            "/api/v2/silences",
            "bank-a",
            silence("x".repeat(100_000), now, now.plusSeconds(60)));
    assertThat(huge.status().code()).isEqualTo(413);
  }
}
