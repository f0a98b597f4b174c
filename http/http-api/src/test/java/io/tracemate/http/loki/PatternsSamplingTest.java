package io.tracemate.http.loki;

import static io.tracemate.http.loki.LokiTestData.NOW;
import static io.tracemate.http.loki.LokiTestData.NOW_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When a range holds more lines than may be mined, lines are sampled evenly and count for those left out. */
class PatternsSamplingTest {
  private static final InMemoryLogStore STORE = new InMemoryLogStore();
  private static final int LINES = 6000;

  @RegisterExtension
  static final ServerExtension SERVER =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          LokiEndpoints endpoints =
              new LokiEndpoints(
                  new QueryCostRecorder(), new RunningQueries(), EngineLimits.defaults().timeout());
          PatternsApi api =
              new PatternsApi(
                  STORE.reader(),
                  TenantQueryLimits.fixed(EngineLimits.defaults()),
                  Clock.fixed(NOW, ZoneOffset.UTC),
                  endpoints,
                  500);
          sb.service(DiscoveryEndpoints.PATTERNS, endpoints.blocking("patterns", api::patterns));
        }
      };

  @BeforeAll
  static void fill() {
    List<LogEntry> a = new ArrayList<>();
    List<LogEntry> b = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      long ts = NOW_NANOS - 3_600_000_000_000L + i * 500_000_000L; // two per second over 50 minutes
      a.add(new LogEntry(ts, "GET /api/items/" + i + " answered 200 in " + (i % 97) + "ms"));
      b.add(new LogEntry(ts, "worker " + (i % 7) + " picked job " + i + " from queue mail"));
    }
    STORE
        .writer()
        .write(
            0,
            "fake",
            List.of(
                new LogStream(LabelSet.of("app", "web", "pod", "a"), a),
                new LogStream(LabelSet.of("app", "web", "pod", "b"), b)));
  }

  @Test
  void countsAreScaledEstimatesThatAddUpToTheLinesInTheRange() throws Exception {
    AggregatedHttpResponse response =
        WebClient.of(SERVER.httpUri())
            .blocking()
            .get(
                "/loki/api/v1/patterns?query=%7Bapp%3D%22web%22%7D&start="
                    + (NOW_NANOS - 3_600_000_000_000L)
                    + "&end="
                    + NOW_NANOS
                    + "&step=10m");
    assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    JsonNode data = new ObjectMapper().readTree(response.contentUtf8()).path("data");
    assertThat(data.findValuesAsText("pattern"))
        .containsExactlyInAnyOrder(
            "GET <_> answered 200 in <_>", "worker <_> picked job <_> from queue mail");
    for (JsonNode series : data) {
      long total = 0;
      for (JsonNode sample : series.path("samples")) {
        total += sample.path(1).asLong();
      }
      assertThat(total).as(series.path("pattern").asText()).isEqualTo(LINES);
      assertThat(series.path("samples")).as("50 minutes in 10 minute steps").hasSize(5);
    }
    assertThat(response.headers().get("X-Tracemate-Lines-Scanned"))
        .isEqualTo(Integer.toString(2 * LINES));
  }
}
