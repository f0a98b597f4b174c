package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayInputStream;

/**
 * The real clients end-to-end tests send with, set up as an application sets them up and pointed at a test
 * server: the OpenTelemetry SDK exporting each span or log record at once over OTLP/gRPC, and loki4j's logback
 * appender pushing to Loki every 100 ms. The caller shuts down (or stops) what it gets.
 */
final class RealClients {
  private RealClients() {}

  /** A service's resource: {@code service.name} and more attributes as key, value, key, value... */
  static Resource resource(String serviceName, String... moreAttributes) {
    AttributesBuilder attributes = Attributes.builder().put("service.name", serviceName);
    for (int i = 0; i < moreAttributes.length; i += 2) {
      attributes.put(moreAttributes[i], moreAttributes[i + 1]);
    }
    return Resource.create(attributes.build());
  }

  static SdkTracerProvider tracerProvider(int otlpGrpcPort, Resource resource) {
    return tracerProvider(otlpGrpcPort, resource, null);
  }

  /** As {@link #tracerProvider(int, Resource)}, sending {@code X-Scope-OrgID: tenant} (none when null). */
  static SdkTracerProvider tracerProvider(int otlpGrpcPort, Resource resource, String tenant) {
    var exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + otlpGrpcPort);
    if (tenant != null) {
      exporter.addHeader("X-Scope-OrgID", tenant);
    }
    return SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter.build()))
        .build();
  }

  static SdkLoggerProvider loggerProvider(int otlpGrpcPort, Resource resource) {
    return SdkLoggerProvider.builder()
        .setResource(resource)
        .addLogRecordProcessor(
            SimpleLogRecordProcessor.create(
                OtlpGrpcLogRecordExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + otlpGrpcPort)
                    .build()))
        .build();
  }

  /**
   * A logback context whose root logger (INFO) sends the bare message through loki4j.
   *
   * @param httpBase the server's query port, where Loki push is served
   * @param labels loki4j's label lines such as {@code app = billing}; the event's level is added as {@code level}
   */
  static LoggerContext loki4j(String name, String httpBase, boolean protobuf, String... labels)
      throws JoranException {
    String xml =
        """
        <configuration>
          <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
            <http>
              <url>%s/loki/api/v1/push</url>
              <useProtobufApi>%s</useProtobufApi>
            </http>
            <batch><timeoutMs>100</timeoutMs></batch>
            <labels>
              %s
              level = %%level
            </labels>
            <message class="ch.qos.logback.classic.PatternLayout"><pattern>%%msg</pattern></message>
          </appender>
          <root level="INFO"><appender-ref ref="LOKI"/></root>
        </configuration>
        """
            .formatted(httpBase, protobuf, String.join("\n", labels));
    return logback(name, xml);
  }

  /** A logback context named {@code name}, configured from a logback XML document as an application's file is. */
  static LoggerContext logback(String name, String xml) throws JoranException {
    LoggerContext context = new LoggerContext();
    context.setName(name);
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(UTF_8)));
    return context;
  }
}
