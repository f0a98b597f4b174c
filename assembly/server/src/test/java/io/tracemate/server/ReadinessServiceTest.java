package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessServiceTest {

  @Test
  void onlyReadyAnswers200AndEveryOtherPhaseSaysWhy() throws Exception {
    AtomicReference<ServerPhase> phase = new AtomicReference<>(ServerPhase.STARTING);
    ReadinessService service = new ReadinessService(phase::get);
    for (ServerPhase each : ServerPhase.values()) {
      phase.set(each);
      HttpRequest request = HttpRequest.of(HttpMethod.GET, "/ready");
      AggregatedHttpResponse response =
          service.serve(ServiceRequestContext.of(request), request).aggregate().join();
      assertThat(response.status().code())
          .as(each.name())
          .isEqualTo(each == ServerPhase.READY ? 200 : 503);
      assertThat(response.contentUtf8()).isEqualTo(each.description() + "\n");
    }
  }

  @Test
  void aReadyServerWhoseStoreIsUnreachableAnswers503NamingIt() {
    AtomicReference<String> problem = new AtomicReference<>("OpenSearch unreachable");
    ReadinessService service =
        new ReadinessService(
            () -> ServerPhase.READY,
            () -> problem.get() == null ? List.of() : List.of(problem.get()));
    HttpRequest request = HttpRequest.of(HttpMethod.GET, "/ready");
    AggregatedHttpResponse down =
        service.serve(ServiceRequestContext.of(request), request).aggregate().join();
    assertThat(down.status().code()).isEqualTo(503);
    assertThat(down.contentUtf8()).isEqualTo("waiting: OpenSearch unreachable\n");
    problem.set(null);
    HttpRequest again = HttpRequest.of(HttpMethod.GET, "/ready");
    assertThat(
            service
                .serve(ServiceRequestContext.of(again), again)
                .aggregate()
                .join()
                .status()
                .code())
        .isEqualTo(200);
  }

  @Test
  void serverReportsStoppedAfterClose(@TempDir Path dir) throws Exception {
    RunningServer running = new RunningServer(dir);
    assertThat(running.server().phase()).isEqualTo(ServerPhase.READY);
    assertThat(running.get("/ready").statusCode()).isEqualTo(200);
    running.close();
    assertThat(running.server().phase()).isEqualTo(ServerPhase.STOPPED);
  }
}
