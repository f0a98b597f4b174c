package io.tracemate.http.red;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.servicegraph.Health;
import io.tracemate.servicegraph.HealthReason;
import java.io.IOException;
import java.util.Locale;

/**
 * A health verdict as JSON, the same for topology nodes and edges and for a service's operations:
 * {@code "health": {"state", "reason" (the reasons in one line), "reasons": [{"kind": "errors"|"latency"|"alert",
 * "state", "text"}], "thresholds": {"p99" (the SLO, null without one), "warningErrorRatio",
 * "criticalErrorRatio"}, "baselineP99" (the learned normal, null while unknown)}}. Stateless and thread-safe.
 */
public final class HealthJson {
  private HealthJson() {}

  public static void write(JsonGenerator out, Health health) throws IOException {
    out.writeObjectFieldStart("health");
    out.writeStringField("state", lower(health.state()));
    out.writeStringField("reason", health.reason());
    out.writeArrayFieldStart("reasons");
    for (HealthReason reason : health.reasons()) {
      out.writeStartObject();
      out.writeStringField("kind", lower(reason.kind()));
      out.writeStringField("state", lower(reason.state()));
      out.writeStringField("text", reason.text());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeObjectFieldStart("thresholds");
    if (health.thresholds().p99Millis() == null) {
      out.writeNullField("p99");
    } else {
      RedJson.number(out, "p99", health.thresholds().p99Millis());
    }
    RedJson.number(out, "warningErrorRatio", health.thresholds().warningErrorRatio());
    RedJson.number(out, "criticalErrorRatio", health.thresholds().criticalErrorRatio());
    out.writeEndObject();
    RedJson.number(out, "baselineP99", health.baselineP99Millis());
    out.writeEndObject();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
