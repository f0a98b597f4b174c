package io.tracemate.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.status.NopStatusListener;
import com.github.loki4j.logback.JsonLayout;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase.BatchCfg;
import com.github.loki4j.logback.PipelineConfigAppenderBase.HttpCfg;
import com.github.loki4j.logback.json.KeyValuePairsJsonProvider;
import com.github.loki4j.logback.json.MdcJsonProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * A replica's logs pushed to the Loki API ({@code POST /loki/api/v1/push}, JSON flavour) by the
 * loki4j logback appender, configured in code in a logback {@link LoggerContext} of the replica's
 * own, as a service that ships its logs straight to Loki would.
 *
 * <p>Stream labels {@code app}, {@code namespace}, {@code env}, {@code pod} and {@code level}; the
 * trace and span IDs are MDC entries, so they are structured metadata and part of the line:
 * {@link Format#JSON} lines have top-level {@code trace_id}/{@code span_id} fields,
 * {@link Format#TEXT} lines logfmt {@code trace_id=... span_id=...} fields. Multi-line stack traces
 * stay inside their record.
 *
 * <p>Thread-safe (loki4j's appender is).
 */
final class LokiLogChannel implements LogChannel {

  /** How the replica formats its lines. */
  enum Format {
    /** One JSON object per line (loki4j's JsonLayout), as structured-logging services write. */
    JSON,
    /** Classic logback text with logfmt trace fields, as a legacy service writes. */
    TEXT
  }

  static final String PUSH_PATH = "/loki/api/v1/push";

  /** logback's %replace drops the trace fields from lines written outside any request. */
  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger"
          + " %replace(trace_id=%X{trace_id} span_id=%X{span_id} ){'^trace_id= span_id= $', ''}- %msg%n%ex{full}";

  private final LoggerContext context = new LoggerContext();
  private final Loki4jAppender appender = new Loki4jAppender();
  private final LogCounters counters;

  /**
   * @param pushUrl the Loki push URL, e.g. {@code http://127.0.0.1:16686/loki/api/v1/push}
   * @param labels the stream labels that do not vary per line, e.g. {@code app=bank-gateway}
   */
  LokiLogChannel(
      String pushUrl,
      String contextName,
      java.util.Map<String, String> labels,
      Format format,
      LogCounters counters) {
    this.counters = counters;
    context.setName(contextName);
    // Push failures are counted (DemoStats); without a listener loki4j would print each one to
    // stderr.
    NopStatusListener quiet = new NopStatusListener();
    context.getStatusManager().add(quiet);

    HttpCfg http = new HttpCfg();
    http.setUrl(pushUrl);
    http.setSender(new CountingLokiSender(counters));
    http.setConnectionTimeoutMs(2_000);
    http.setRequestTimeoutMs(5_000);
    http.setMaxRetries(1);
    BatchCfg batch = new BatchCfg();
    batch.setMaxItems(1_000);
    batch.setTimeoutMs(500);
    batch.setDrainOnStop(true);

    StringBuilder labelPattern = new StringBuilder();
    labels.forEach(
        (name, value) -> labelPattern.append(name).append('=').append(value).append('\n'));
    labelPattern.append("level=%level");

    appender.setContext(context);
    appender.setName("loki");
    appender.setHttp(http);
    appender.setBatch(batch);
    appender.setLabels(labelPattern.toString());
    appender.setStructuredMetadata("*=%%mdc");
    appender.setMessage(layout(format));
    appender.start();
  }

  @Override
  public void write(LogLine line) {
    appender.doAppend(new SimulatedLoggingEvent(context, line));
    counters.lokiRecords.increment();
  }

  /** loki4j sends on its own schedule (every 500 ms here); there is no public flush. */
  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  /** Stops the appender, which drains its queue to Loki first (bounded by one retry). */
  @Override
  public CompletableResultCode shutdown() {
    appender.stop();
    context.stop();
    return CompletableResultCode.ofSuccess();
  }

  private Layout<ILoggingEvent> layout(Format format) {
    return switch (format) {
      case JSON -> {
        JsonLayout json = new JsonLayout();
        MdcJsonProvider mdc = new MdcJsonProvider();
        mdc.setNoPrefix(true);
        json.setMdc(mdc);
        KeyValuePairsJsonProvider fields = new KeyValuePairsJsonProvider();
        fields.setNoPrefix(true);
        json.setKvp(fields);
        json.setContext(context);
        yield json;
      }
      case TEXT -> {
        PatternLayout text = new TrimmedPatternLayout();
        text.setPattern(TEXT_PATTERN);
        text.setContext(context);
        yield text;
      }
    };
  }

  /** A Loki line carries no trailing newline; the pattern needs %n only to start the stack trace. */
  private static final class TrimmedPatternLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
      return super.doLayout(event).stripTrailing();
    }
  }
}
