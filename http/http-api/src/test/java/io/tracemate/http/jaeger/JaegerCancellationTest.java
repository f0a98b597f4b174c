package io.tracemate.http.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Jaeger search whose client gives up, or whose request times out on the server, stops working: the store sees
 * its cancellation and the running-queries count returns to 0. The store here stands in for a search over far more
 * spans than a test can write (the Lucene store's own checks are tested in storage-lucene).
 */
class JaegerCancellationTest {
  /** A search that would take a minute: it checks its cancellation the way the Lucene store does, per page. */
  static final class EndlessSearchStore implements TraceReader, DependencyReader {
    final AtomicInteger stoppedByCancellation = new AtomicInteger();

    @Override
    public List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
      return List.of();
    }

    @Override
    public List<TenantTrace> findTraces(TenantScope scope, TraceQuery query) {
      return findTraces(scope, query, Cancellation.none());
    }

    @Override
    public List<String> serviceNames(TenantScope scope) {
      return List.of();
    }

    @Override
    public List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind) {
      return List.of();
    }

    @Override
    public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
      return List.of();
    }

    @Override
    public List<TenantTrace> findTraces(
        TenantScope scope, TraceQuery query, Cancellation cancellation) {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (System.nanoTime() < deadline) {
        if (cancellation.isCancelled()) {
          stoppedByCancellation.incrementAndGet();
          cancellation.check();
        }
        Thread.onSpinWait();
      }
      return List.of();
    }
  }

  static final EndlessSearchStore STORE = new EndlessSearchStore();
  static final RunningQueries RUNNING = new RunningQueries();

  @RegisterExtension
  static final ServerExtension SERVER =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          sb.requestTimeout(Duration.ofSeconds(1));
          new JaegerQueryApi(
                  STORE,
                  STORE,
                  Clock.fixed(TestTraces.NOW, ZoneOffset.UTC),
                  QueryLimits.DEFAULT,
                  RUNNING)
              .addTo(sb);
        }
      };

  private static void awaitNoRunningSearch() throws InterruptedException {
    for (int attempt = 0; attempt < 200 && RUNNING.running(RunningQueries.JAEGER) > 0; attempt++) {
      Thread.sleep(25);
    }
    assertThat(RUNNING.running(RunningQueries.JAEGER))
        .as("searches still being worked on")
        .isZero();
  }

  @Test
  void aSearchWhoseClientGivesUpStops() throws Exception {
    int stoppedBefore = STORE.stoppedByCancellation.get();
    WebClient client =
        WebClient.builder(SERVER.httpUri()).responseTimeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> client.blocking().get("/api/traces?service=svc"))
        .isInstanceOf(ResponseTimeoutException.class);
    awaitNoRunningSearch();
    assertThat(STORE.stoppedByCancellation.get()).isGreaterThan(stoppedBefore);
  }

  @Test
  void aSearchWhoseRequestTimesOutOnTheServerStops() throws Exception {
    int stoppedBefore = STORE.stoppedByCancellation.get();
    AggregatedHttpResponse response =
        WebClient.of(SERVER.httpUri())
            .blocking()
            .get(
                "/api/v3/traces"
                    + "?query.service_name=svc&query.start_time_min=2024-01-01T00:00:00Z"
                    + "&query.start_time_max=2024-01-02T00:00:00Z");
    assertThat(response.status().code()).isEqualTo(503);
    awaitNoRunningSearch();
    assertThat(STORE.stoppedByCancellation.get()).isGreaterThan(stoppedBefore);
  }
}
