package io.tracemate.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every span receiver hands its batch on with the request's tenant ({@code X-Scope-OrgID}, as HTTP header or gRPC
 * metadata; {@code fake} without one) and refuses an invalid tenant or several before it reads a span. These
 * receivers run without the server's access decorator, so they read the header themselves; with the decorator
 * they take its authorized scope (the server's end-to-end tests).
 */
class SpanTenantTest {
  private static final int LIMIT = 256 * 1024;
  private static final RecordingSink sink = new RecordingSink();
  private static final PrometheusRegistry registry = new PrometheusRegistry();
  private static final TenantId ACME = TenantId.parse("acme");

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          ReceiverMetrics metrics = ReceiverMetrics.forSpans(registry);
          sb.service(OtlpGrpcTraceService.grpcService(sink, TestData.anyAge(LIMIT), metrics));
          sb.service(new OtlpHttpTraceService(sink, TestData.anyAge(LIMIT), metrics));
          sb.service(new ZipkinHttpService(sink, TestData.anyAge(LIMIT), metrics));
        }
      };

  @BeforeEach
  void setUp() {
    sink.reset();
  }

  @Test
  void otlpGrpcExporterWritesToTheTenantItsMetadataNames() {
    export(
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(server.httpUri().toString())
            .addHeader("X-Scope-OrgID", "acme")
            .build());

    assertThat(sink.tenants()).containsExactly(ACME);
  }

  @Test
  void otlpHttpExporterWritesToTheTenantItsHeaderNames() {
    export(
        OtlpHttpSpanExporter.builder()
            .setEndpoint(server.httpUri() + OtlpHttpTraceService.PATH)
            .addHeader("X-Scope-OrgID", "acme")
            .build());

    assertThat(sink.tenants()).containsExactly(ACME);
  }

  @Test
  void withoutAHeaderTheSpansAreTheDefaultTenants() {
    export(
        OtlpHttpSpanExporter.builder()
            .setEndpoint(server.httpUri() + OtlpHttpTraceService.PATH)
            .build());
    export(OtlpGrpcSpanExporter.builder().setEndpoint(server.httpUri().toString()).build());

    assertThat(sink.tenants()).containsExactly(TenantId.DEFAULT, TenantId.DEFAULT);
  }

  @Test
  void zipkinWritesToTheTenantItsHeaderNames() {
    AggregatedHttpResponse response =
        post(ZipkinHttpService.PATH, "acme", MediaType.JSON, ZIPKIN_SPAN.getBytes());

    assertThat(response.status().code()).isEqualTo(202);
    assertThat(sink.tenants()).containsExactly(ACME);
  }

  @Test
  void anInvalidTenantIs400NamingTheRuleAndNothingIsStored() {
    AggregatedHttpResponse otlp =
        post(OtlpHttpTraceService.PATH, "acme/eu", MediaType.PROTOBUF, otlpRequest().toByteArray());
    AggregatedHttpResponse zipkin =
        post(ZipkinHttpService.PATH, "a|b", MediaType.JSON, ZIPKIN_SPAN.getBytes());

    assertThat(otlp.status().code()).isEqualTo(400);
    assertThat(zipkin.status().code()).isEqualTo(400);
    assertThat(zipkin.contentUtf8()).contains("a write goes to one tenant, not a|b");
    assertThat(sink.spans()).isEmpty();
  }

  @Test
  void anInvalidTenantInGrpcMetadataIsInvalidArgument() {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), "..");
    TraceServiceGrpc.TraceServiceBlockingStub stub =
        GrpcClients.newClient(
                server.uri(SessionProtocol.H2C), TraceServiceGrpc.TraceServiceBlockingStub.class)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
            .withDeadlineAfter(10, TimeUnit.SECONDS);

    StatusRuntimeException refused = null;
    try {
      stub.export(otlpRequest());
    } catch (StatusRuntimeException e) {
      refused = e;
    }

    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).contains("tenant ID '..' is not allowed");
    assertThat(sink.spans()).isEmpty();
  }

  private static final String ZIPKIN_SPAN =
      "[{\"traceId\":\"463ac35c9f6413ad48485a3953bb6124\",\"id\":\"a2fb4a1d1a96d312\","
          + "\"name\":\"get\",\"timestamp\":1700000000123456,\"duration\":10,"
          + "\"localEndpoint\":{\"serviceName\":\"frontend\"}}]";

  private static ExportTraceServiceRequest otlpRequest() {
    return ExportTraceServiceRequest.newBuilder()
        .addAllResourceSpans(
            OtlpTraceEncoder.encodeTracesData(List.of(TestData.span())).getResourceSpansList())
        .build();
  }

  private static AggregatedHttpResponse post(
      String path, String tenant, MediaType type, byte[] body) {
    return WebClient.of(server.httpUri())
        .execute(
            RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(type)
                .add("X-Scope-OrgID", tenant)
                .build(),
            body)
        .aggregate()
        .join();
  }

  private static void export(SpanExporter exporter) {
    try {
      CompletableResultCode result = exporter.export(SdkSpans.rich()).join(10, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
