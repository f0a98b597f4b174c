package io.tracemate.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /ready}: 200 once the server accepts and serves data, 503 (with the phase) before and while stopping,
 * and 503 naming what it waits for while a dependency fails (Kafka unreachable, an ingester's store failing, an OpenSearch cluster down: the
 * receivers still accept, but queries would fail).
 */
final class ReadinessService implements HttpService {
  private final Supplier<ServerPhase> phase;
  private final Supplier<List<String>> waitingFor;

  ReadinessService(Supplier<ServerPhase> phase) {
    this(phase, List::of);
  }

  ReadinessService(Supplier<ServerPhase> phase, Supplier<List<String>> waitingFor) {
    this.phase = phase;
    this.waitingFor = waitingFor;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ServerPhase now = phase.get();
    if (now != ServerPhase.READY) {
      return HttpResponse.of(
          HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, now.description() + "\n");
    }
    List<String> waiting = waitingFor.get();
    if (!waiting.isEmpty()) {
      return HttpResponse.of(
          HttpStatus.SERVICE_UNAVAILABLE,
          MediaType.PLAIN_TEXT_UTF_8,
          "waiting: " + String.join("; ", waiting) + "\n");
    }
    return HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, now.description() + "\n");
  }
}
