package io.tracemate.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.function.Supplier;

/**
 * {@code GET /ready}: 200 once the server accepts and serves data, 503 (with the phase) before and while stopping,
 * and 503 naming the problem while the store cannot be reached (an OpenSearch cluster down: the receivers still
 * accept into the write-ahead log, but queries would fail).
 */
final class ReadinessService implements HttpService {
  private final Supplier<ServerPhase> phase;
  private final Supplier<String> storeProblem;

  ReadinessService(Supplier<ServerPhase> phase, Supplier<String> storeProblem) {
    this.phase = phase;
    this.storeProblem = storeProblem;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ServerPhase now = phase.get();
    if (now != ServerPhase.READY) {
      return HttpResponse.of(
          HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, now.description() + "\n");
    }
    String problem = storeProblem.get();
    if (problem != null) {
      return HttpResponse.of(
          HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, problem + "\n");
    }
    return HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, now.description() + "\n");
  }
}
