package io.tracemate.receivers.exchange;

import com.linecorp.armeria.server.HttpServiceWithRoutes;
import com.linecorp.armeria.server.ServiceOptions;

/**
 * An HTTP receiver: a service that carries its own routes and reads its bodies through an {@link HttpExchange},
 * which enforces the receiver's request limit itself, after decompression and in the client's format (even a 413 is
 * answered as OTLP, Zipkin or Loki would). So Armeria's transport-level limit is lifted; do not set
 * {@code maxRequestLength} on the binding.
 */
public interface ReceiverService extends HttpServiceWithRoutes {

  @Override
  default ServiceOptions options() {
    return OwnRequestLimit.OPTIONS;
  }

  /** Holder, so that the interface has no public constant. */
  final class OwnRequestLimit {
    static final ServiceOptions OPTIONS = ServiceOptions.builder().maxRequestLength(0).build();

    private OwnRequestLimit() {}
  }
}
