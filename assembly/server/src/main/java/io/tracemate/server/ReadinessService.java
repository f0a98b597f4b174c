package io.tracemate.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.function.Supplier;

/** {@code GET /ready}: 200 once the server accepts and serves data, 503 (with the phase) before and while stopping. */
final class ReadinessService implements HttpService {
  private final Supplier<ServerPhase> phase;

  ReadinessService(Supplier<ServerPhase> phase) {
    this.phase = phase;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ServerPhase now = phase.get();
    HttpStatus status = now == ServerPhase.READY ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
    return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, now.description() + "\n");
  }
}
