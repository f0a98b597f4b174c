package io.tracemate.http.loki;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.querysupport.ParseLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters the discovery endpoints (volume, patterns, detected fields and labels) read beyond {@link LokiParams},
 * parsed as Loki's {@code pkg/loghttp} parses them, with its messages. Pure functions; stateless and thread-safe.
 */
final class DiscoveryParams {
  /** What Loki's volume endpoints answer when {@code limit} is absent or 0. */
  static final int DEFAULT_VOLUME_LIMIT = 100;

  /** What Loki's detected-fields endpoints answer when {@code limit} (or {@code field_limit}) is absent. */
  static final int DEFAULT_FIELD_LIMIT = 1000;

  static final String AGGREGATE_BY_SERIES = "series";
  static final String AGGREGATE_BY_LABELS = "labels";

  /** Loki's selector for "every stream", which only the volume and detected-labels endpoints accept. */
  static final String MATCH_ANY = "{}";

  private DiscoveryParams() {}

  /**
   * The stream selectors of {@code query}, or one empty matcher list (every stream) when the query is absent,
   * blank or {@code {}}.
   */
  static List<List<LabelMatcher>> selectorsOrAll(String query, ParseLimits limits) {
    if (query == null || query.isBlank() || query.strip().equals(MATCH_ANY)) {
      return List.of(List.of());
    }
    return Selectors.of(query, limits);
  }

  /** {@code limit} of the volume endpoints: absent or 0 means 100; negative is refused. */
  static int volumeLimit(QueryParams params) {
    String text = params.get("limit");
    if (text == null || text.isEmpty()) {
      return DEFAULT_VOLUME_LIMIT;
    }
    long value = integer("limit", text);
    if (value == 0) {
      return DEFAULT_VOLUME_LIMIT;
    }
    if (value < 0) {
      throw new BadRequestException("limit must be a positive value");
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /** {@code targetLabels}: comma-separated label names, empty when absent. */
  static List<String> targetLabels(QueryParams params) {
    String text = params.get("targetLabels");
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<String> labels = new ArrayList<>();
    for (String label : text.split(",", -1)) {
      labels.add(label.strip());
    }
    return List.copyOf(labels);
  }

  /** {@code aggregateBy}: {@code series} (the default) or {@code labels}. */
  static String aggregateBy(QueryParams params) {
    String text = params.get("aggregateBy");
    if (text == null || text.isEmpty()) {
      return AGGREGATE_BY_SERIES;
    }
    if (text.equals(AGGREGATE_BY_SERIES) || text.equals(AGGREGATE_BY_LABELS)) {
      return text;
    }
    throw new BadRequestException("invalid aggregation option");
  }

  /** {@code limit}, or its old name {@code field_limit}: positive, default 1000. */
  static int fieldLimit(QueryParams params) {
    String text = params.get("limit");
    String name = "limit";
    if (text == null || text.isEmpty()) {
      text = params.get("field_limit");
      name = "field_limit";
    }
    if (text == null || text.isEmpty()) {
      return DEFAULT_FIELD_LIMIT;
    }
    long value = integer(name, text);
    if (value <= 0) {
      throw new BadRequestException("limit must be a positive value");
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /** {@code line_limit}: positive, {@code defaultLines} when absent. */
  static int lineLimit(QueryParams params, int defaultLines) {
    String text = params.get("line_limit");
    if (text == null || text.isEmpty()) {
      return defaultLines;
    }
    long value = integer("line_limit", text);
    if (value <= 0) {
      throw new BadRequestException("limit must be a positive value");
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /**
   * {@code step} for [start, end): float seconds or a duration, by default Loki's range/250 seconds (at least 1s);
   * positive, and at most 11,000 points.
   */
  static long step(QueryParams params, LokiParams.Bounds bounds) {
    long step = LokiParams.step(params, bounds);
    if (step <= 0) {
      throw new BadRequestException(
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if ((bounds.endNanos() - bounds.startNanos()) / step > LokiParams.MAX_POINTS_PER_SERIES) {
      throw new BadRequestException(
          "exceeded maximum resolution of 11,000 points per time series. "
              + "Try increasing the value of the step parameter");
    }
    return step;
  }

  private static long integer(String name, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw LokiParams.invalid(name, "\"" + text + "\" is not an integer");
    }
  }
}
