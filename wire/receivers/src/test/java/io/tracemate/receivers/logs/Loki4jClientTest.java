package io.tracemate.receivers.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.receivers.ReceiverLimits;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** loki4j's Logback appender, unchanged, in JSON and protobuf modes, pushing into {@link LokiPushService}. */
class Loki4jClientTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final RecordingLogSink sink = new RecordingLogSink();
  private static final List<String> contentTypes =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          LogIntake intake =
              new LogIntake(LogLimits.DEFAULTS, Clock.systemUTC(), new PrometheusRegistry());
          sb.service(new LokiPushService(sink, intake, ReceiverLimits.DEFAULT));
          sb.decorator(
              (delegate, ctx, req) -> {
                contentTypes.add(String.valueOf(req.contentType()));
                return delegate.serve(ctx, req);
              });
        }
      };

  @BeforeEach
  void setUp() {
    sink.reset();
    contentTypes.clear();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void pushedLinesArriveWithLabelsMetadataAndOrder(boolean protobuf) throws Exception {
    long before = System.currentTimeMillis() * 1_000_000L;
    LoggerContext context = loki4j(protobuf);
    try {
      Logger logger = context.getLogger("io.example.Checkout");
      logger.info("cart loaded");
      context.getMDCAdapter().put("trace_id", TRACE);
      logger.warn("payment slow");
      context.getMDCAdapter().remove("trace_id");
      logger.info("order placed");
      assertThat(Await.until(() -> entries(sink.streams()) == 3, Duration.ofSeconds(15)))
          .as("loki4j delivered 3 entries")
          .isTrue();
    } finally {
      context.stop();
    }
    long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

    assertThat(contentTypes)
        .isNotEmpty()
        .allSatisfy(
            type ->
                assertThat(type)
                    .startsWith(protobuf ? "application/x-protobuf" : "application/json"));
    assertThat(sink.pushes()).allSatisfy(push -> assertThat(push.tenant()).isEqualTo("team-a"));
    Map<LabelSet, List<LogEntry>> byStream =
        sink.streams().stream()
            .collect(
                Collectors.groupingBy(
                    LogStream::labels,
                    Collectors.flatMapping(
                        stream -> stream.entries().stream(), Collectors.toList())));
    // loki4j sends logback's INFO/WARN; the level label is normalised on ingest (one stream per
    // level, any case).
    LabelSet info = LabelSet.of("app", "checkout", "level", "info");
    LabelSet warn = LabelSet.of("app", "checkout", "level", "warn");
    assertThat(byStream.keySet()).containsExactlyInAnyOrder(info, warn);
    assertThat(byStream.get(info))
        .extracting(LogEntry::line)
        .containsExactly("cart loaded", "order placed");
    assertThat(byStream.get(info))
        .extracting(LogEntry::metadata)
        .containsOnly(LabelSet.of("logger", "io.example.Checkout"));
    assertThat(byStream.get(warn)).extracting(LogEntry::line).containsExactly("payment slow");
    assertThat(byStream.get(warn).getFirst().metadata())
        .isEqualTo(LabelSet.of("logger", "io.example.Checkout", "trace_id", TRACE));
    assertThat(byStream.get(info).getFirst().timestampNanos())
        .isLessThanOrEqualTo(byStream.get(info).get(1).timestampNanos());
    assertThat(byStream.values())
        .allSatisfy(
            entries ->
                assertThat(entries)
                    .allSatisfy(
                        entry -> assertThat(entry.timestampNanos()).isBetween(before, after)));
  }

  private static int entries(List<LogStream> streams) {
    return streams.stream().mapToInt(stream -> stream.entries().size()).sum();
  }

  private static LoggerContext loki4j(boolean protobuf) throws Exception {
    String xml =
        """
        <configuration>
          <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
            <http>
              <url>%s</url>
              <tenantId>team-a</tenantId>
              <useProtobufApi>%s</useProtobufApi>
            </http>
            <batch><timeoutMs>100</timeoutMs></batch>
            <labels>
              app = checkout
              level = %%level
            </labels>
            <structuredMetadata>
              logger = %%logger
              * = %%%%mdc
            </structuredMetadata>
            <message class="ch.qos.logback.classic.PatternLayout"><pattern>%%msg</pattern></message>
          </appender>
          <root level="INFO"><appender-ref ref="LOKI"/></root>
        </configuration>
        """
            .formatted(server.httpUri().resolve(LokiPushService.PATH), protobuf);
    LoggerContext context = new LoggerContext();
    context.setName("loki4j-test");
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(UTF_8)));
    return context;
  }
}
