package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.HttpResponse;

/**
 * How one HTTP protocol phrases its answers: OTLP's protobuf or JSON messages ({@link OtlpHttpResponder}), plain
 * text for Zipkin and Loki ({@link PlainTextResponder}).
 *
 * @param <S> the receiver's decoded request
 */
public interface HttpResponder<S> {

  /** The answer once what was to be stored is durable (possibly an error the protocol uses for partial refusals). */
  HttpResponse success(S submission);

  HttpResponse error(ErrorAnswer answer);
}
