package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.Label;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Loki's {@code /detected_labels}: the stream labels of the selected streams (every stream without {@code query})
 * worth breaking logs down by, with their cardinality, from the index alone: {@code {"detectedLabels":
 * [{"label":"app","cardinality":3}]}}, or {@code {}} when there is none.
 *
 * <p>As in Loki's querier ({@code DetectedLabels}), a label is left out when all its values look like IDs (numbers
 * or UUIDs, unless it has at most two values, all {@code 0} or {@code 1}); {@code cluster}, {@code namespace},
 * {@code instance} and {@code pod} are always kept. Cardinality is exact (Loki estimates it with a sketch). Labels
 * come sorted by name. Bounded by {@code max_query_length} and {@code query_timeout}. Thread-safe.
 */
final class DetectedLabelsApi {
  private static final Set<String> STATIC_LABELS =
      Set.of("cluster", "namespace", "instance", "pod");

  /** What Go's {@code strconv.ParseFloat} takes (decimal forms, infinities, NaN). */
  private static final Pattern GO_FLOAT =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity|nan)");

  private final LogReader reader;
  private final TenantQueryLimits limits;
  private final Clock clock;

  DetectedLabelsApi(LogReader reader, TenantQueryLimits limits, Clock clock) {
    this.reader = reader;
    this.limits = limits;
    this.clock = clock;
  }

  HttpResponse detectedLabels(LokiRequest request, ServiceRequestContext ctx) {
    EngineLimits limits = this.limits.forScope(request.tenants());
    LokiParams.Bounds bounds =
        LokiParams.orderedBounds(request.params(), Parameters.epochNanos(clock.instant()));
    RequestBudget budget =
        RequestBudget.start(limits, request.cancellation(), bounds.startNanos(), bounds.endNanos());
    Map<String, Set<String>> values = new TreeMap<>();
    Set<Long> seen = new HashSet<>();
    for (List<LabelMatcher> matchers :
        DiscoveryParams.selectorsOrAll(request.params().get("query"), limits.parseLimits())) {
      budget.checkTime();
      for (StreamRef stream :
          reader.streams(
              new LogSelection(request.tenants(), matchers, bounds.startNanos(), bounds.endNanos()),
              request.cancellation())) {
        if (seen.add(stream.id())) {
          for (Label label : stream.labels().labels()) {
            values.computeIfAbsent(label.name(), name -> new HashSet<>()).add(label.value());
          }
        }
      }
    }
    Map<String, Integer> detected = new TreeMap<>();
    values.forEach(
        (label, distinct) -> {
          if (STATIC_LABELS.contains(label) || !looksLikeIds(distinct)) {
            detected.put(label, distinct.size());
          }
        });
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          if (!detected.isEmpty()) {
            out.writeArrayFieldStart("detectedLabels");
            for (Map.Entry<String, Integer> label : detected.entrySet()) {
              out.writeStartObject();
              out.writeStringField("label", label.getKey());
              out.writeNumberField("cardinality", label.getValue());
              out.writeEndObject();
            }
            out.writeEndArray();
          }
          out.writeEndObject();
        });
  }

  /** Loki's {@code shouldRejectLabel}: every value a number or a UUID, except a 0/1 flag. */
  static boolean looksLikeIds(Set<String> values) {
    if (values.isEmpty()) {
      return true;
    }
    if (values.size() <= 2 && values.stream().allMatch(v -> v.equals("0") || v.equals("1"))) {
      return false;
    }
    return values.stream().allMatch(DetectedLabelsApi::isIdLike);
  }

  private static boolean isIdLike(String value) {
    if (GO_FLOAT.matcher(value).matches()) {
      return true;
    }
    try {
      return value.length() == 36 && UUID.fromString(value) != null;
    } catch (IllegalArgumentException notAUuid) {
      return false;
    }
  }
}
