package io.tracemate.receivers;

import static io.tracemate.receivers.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.SpanBatch;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store that never confirms a batch durable (an fsync that hangs) gets the client our UNAVAILABLE answer with a
 * retry delay shortly before the request's timeout, over OTLP/HTTP and OTLP/gRPC, instead of Armeria's bare 503 or a
 * DEADLINE_EXCEEDED that says neither why nor when to retry.
 */
class StalledStoreTest {
  private static final int LIMIT = 256 * 1024;
  private static final AtomicInteger handedOver = new AtomicInteger();
  private static final PrometheusRegistry registry = new PrometheusRegistry();

  /** Takes every batch and never says it is durable. */
  private static final BatchConsumer<SpanBatch> stalled =
      batch -> {
        handedOver.incrementAndGet();
        return new CompletableFuture<>();
      };

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          ReceiverMetrics metrics = ReceiverMetrics.forSpans(registry);
          sb.requestTimeout(Duration.ofSeconds(2));
          sb.service(OtlpGrpcTraceService.grpcService(stalled, TestData.anyAge(LIMIT), metrics));
          sb.service(new OtlpHttpTraceService(stalled, TestData.anyAge(LIMIT), metrics));
        }
      };

  @Test
  void otlpHttpGetsUnavailableWithRetryAfterBeforeTheRequestTimesOut() throws Exception {
    int before = handedOver.get();

    AggregatedHttpResponse answer =
        post(
            WebClient.of(server.httpUri()),
            OtlpHttpTraceService.PATH,
            "application/x-protobuf",
            null,
            OtlpTraceEncoder.encode(List.of(TestData.span())).toByteArray());

    assertThat(handedOver.get()).isEqualTo(before + 1);
    assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("2");
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(answer.content().array());
    assertThat(status.getMessage())
        .contains("spans not acknowledged, retry later")
        .contains("did not confirm them durable within");
    assertThat(status.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds())
        .isEqualTo(2);
    assertThat(
            TestHttp.counter(
                registry,
                "tracemate_receiver_spans_rejected",
                "receiver",
                "otlp",
                "reason",
                "ack_timeout"))
        .isPositive();
  }

  @Test
  void otlpGrpcGetsUnavailableWithRetryInfoBeforeTheClientDeadline() throws Exception {
    int before = handedOver.get();

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                GrpcClients.builder(server.uri(SessionProtocol.H2C))
                    .build(TraceServiceGrpc.TraceServiceBlockingStub.class)
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .export(OtlpTraceEncoder.encode(List.of(TestData.span()))));

    assertThat(handedOver.get()).isEqualTo(before + 1);
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(error.getStatus().getDescription()).contains("not acknowledged, retry later");
    assertThat(
            StatusProto.fromThrowable(error)
                .getDetails(0)
                .unpack(RetryInfo.class)
                .getRetryDelay()
                .getSeconds())
        .isEqualTo(2);
  }
}
