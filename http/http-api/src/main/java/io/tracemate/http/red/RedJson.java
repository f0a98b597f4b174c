package io.tracemate.http.red;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.red.RedPoint;
import io.tracemate.red.RedSummary;
import java.io.IOException;
import java.util.List;

/**
 * RED figures as JSON: {@code {"calls", "errors", "rate" (per second), "errorRatio" (0..1), "p50", "p90", "p99",
 * "max" (milliseconds, null without calls), "sum" (all calls' time together, milliseconds: a share of time spent),
 * "slowCalls" (calls over 10 × the median and over 10 ms)}}. The topology writes its nodes' and edges' RED with it
 * too. Stateless and thread-safe.
 */
public final class RedJson {
  private RedJson() {}

  private static void writeFields(JsonGenerator out, RedSummary red) throws IOException {
    out.writeNumberField("calls", red.calls());
    out.writeNumberField("errors", red.errors());
    number(out, "rate", red.ratePerSecond());
    number(out, "errorRatio", red.errorRatio());
    number(out, "p50", red.p50Millis());
    number(out, "p90", red.p90Millis());
    number(out, "p99", red.p99Millis());
    number(out, "max", red.maxMillis());
    number(out, "sum", red.sumMillis());
    out.writeNumberField("slowCalls", red.slowCalls());
  }

  public static void write(JsonGenerator out, String field, RedSummary red) throws IOException {
    out.writeObjectFieldStart(field);
    writeFields(out, red);
    out.writeEndObject();
  }

  public static void writeSeries(JsonGenerator out, String field, List<RedPoint> points)
      throws IOException {
    out.writeArrayFieldStart(field);
    for (RedPoint point : points) {
      out.writeStartObject();
      out.writeNumberField("time", point.start().toEpochMilli());
      writeFields(out, point.summary());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  /** A rounded figure (three decimals), or null when it is not a number. */
  public static void number(JsonGenerator out, String field, double value) throws IOException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.writeNullField(field);
    } else {
      out.writeNumberField(field, Math.round(value * 1000.0) / 1000.0);
    }
  }
}
