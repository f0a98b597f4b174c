package io.tracemate.http.prometheus;

import com.linecorp.armeria.common.HttpResponse;
import io.tracemate.common.Cancellation;
import io.tracemate.common.labels.LabelNames;
import io.tracemate.http.prometheus.series.RedSeriesSource;
import io.tracemate.http.support.JsonBody;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.QueryLimitException;
import io.tracemate.promql.engine.SelectRequest;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.promql.syntax.PromQL;
import io.tracemate.promql.syntax.PromQLParseException;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/v1/series}, {@code /api/v1/labels}, {@code /api/v1/label/<name>/values}, {@code /api/v1/metadata} and
 * {@code /api/v1/status/buildinfo}, as Prometheus answers them: selectors in {@code match[]} (required for series,
 * optional for the others), {@code start}/{@code end} defaulting to all time, {@code limit} cutting the sorted
 * answer with a warning. The series read count against the engine's {@code max-series} limit. Thread-safe.
 */
final class PromMetadataApi {
  /**
   * The Prometheus version {@code buildinfo} claims: the API of Prometheus 2.x/3.x that Grafana's data source
   * probes for (label values with {@code match[]}, {@code limit}), all of which this API serves.
   */
  static final String PROMETHEUS_VERSION = "3.0.0";

  private final PromQueryApi queries;
  private final EngineSettings settings;

  PromMetadataApi(PromQueryApi queries, EngineSettings settings) {
    this.queries = queries;
    this.settings = settings;
  }

  HttpResponse series(PromRequest request) {
    List<String> matches = request.all("match[]");
    if (matches.isEmpty()) {
      throw new io.tracemate.http.support.BadRequestException("no match[] parameter provided");
    }
    Set<Labels> found = select(request, matches);
    int limit = request.limit();
    List<Labels> sorted = new ArrayList<>(found);
    List<String> warnings = cut(sorted, limit);
    return PromJson.success(
        warnings,
        out -> {
          out.writeStartArray();
          for (Labels labels : sorted) {
            PromJson.labels(out, labels);
          }
          out.writeEndArray();
        });
  }

  HttpResponse labels(PromRequest request) {
    Set<String> names = new TreeSet<>();
    for (Labels labels : select(request, request.all("match[]"))) {
      for (int i = 0; i < labels.size(); i++) {
        names.add(labels.name(i));
      }
    }
    return strings(names, request.limit());
  }

  HttpResponse labelValues(PromRequest request, String name) {
    if (!LabelNames.isValid(name)) {
      throw new io.tracemate.http.support.BadRequestException(
          "invalid label name: \"" + name + "\"");
    }
    Set<String> values = new TreeSet<>();
    for (Labels labels : select(request, request.all("match[]"))) {
      String value = labels.get(name);
      if (!value.isEmpty()) {
        values.add(value);
      }
    }
    return strings(values, request.limit());
  }

  HttpResponse metadata(PromRequest request) {
    RedSeriesSource source = queries.engineSource(request);
    String metric = request.optional("metric");
    int limit = request.limit();
    int perMetric = positive(request, "limit_per_metric");
    Map<String, RedSeriesSource.Metadata> all = source.metadata();
    return PromJson.success(
        List.of(),
        out -> {
          out.writeStartObject();
          int written = 0;
          for (Map.Entry<String, RedSeriesSource.Metadata> entry : all.entrySet()) {
            if (metric != null && !metric.equals(entry.getKey())) {
              continue;
            }
            if (limit > 0 && written == limit) {
              break;
            }
            written++;
            out.writeArrayFieldStart(entry.getKey());
            if (perMetric != 0) {
              out.writeStartObject();
              out.writeStringField("type", entry.getValue().type());
              out.writeStringField("help", entry.getValue().help());
              out.writeStringField("unit", entry.getValue().unit());
              out.writeEndObject();
            }
            out.writeEndArray();
          }
          out.writeEndObject();
        });
  }

  static HttpResponse buildInfo() {
    return PromJson.success(
        List.of(),
        out -> {
          out.writeStartObject();
          out.writeStringField("version", PROMETHEUS_VERSION);
          out.writeStringField("revision", "tracemate");
          out.writeStringField("branch", "");
          out.writeStringField("buildUser", "");
          out.writeStringField("buildDate", "");
          out.writeStringField("goVersion", "");
          out.writeEndObject();
        });
  }

  private static int positive(PromRequest request, String name) {
    String text = request.optional(name);
    if (text == null) {
      return -1;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw PromRequest.invalid(name, "cannot parse \"" + text + "\" to a valid limit");
    }
  }

  /** The label sets of the series any of {@code matches} selects in the request's window (all series: none). */
  private Set<Labels> select(PromRequest request, List<String> matches) {
    long start = request.time("start", PromRequest.MIN_TIME_MILLIS);
    long end = request.time("end", PromRequest.MAX_TIME_MILLIS);
    if (end < start) {
      throw PromRequest.invalid("end", "end timestamp must not be before start time");
    }
    List<List<LabelMatcher>> selectors = new ArrayList<>();
    for (String match : matches) {
      selectors.add(matchers(match));
    }
    if (selectors.isEmpty()) {
      selectors.add(List.of(new LabelMatcher(LabelMatcher.METRIC_NAME, MatchType.REGEX, ".+")));
    }
    io.tracemate.promql.engine.SeriesSource source = queries.querySource(request);
    Cancellation cancellation = PromQueryApi.cancellation(request);
    Set<Labels> found = new TreeSet<>();
    int maxSeries = settings.maxSeries();
    for (List<LabelMatcher> selector : selectors) {
      source.select(
          new SelectRequest(selector, start, end),
          cancellation,
          series -> {
            if (found.add(series.labels()) && found.size() > maxSeries) {
              throw new QueryLimitException(
                  QueryLimitException.MAX_SERIES,
                  "the query selects more than " + maxSeries + " series");
            }
          });
    }
    return found;
  }

  /** Prometheus' {@code parser.ParseMetricSelector}: a vector selector and nothing else. */
  private List<LabelMatcher> matchers(String match) {
    Expr expr;
    try {
      expr = PromQL.parse(match, settings.parseLimits());
    } catch (PromQLParseException e) {
      throw PromRequest.invalid("match[]", e.getMessage());
    }
    if (!(expr instanceof Expr.VectorSelector selector)
        || selector.offsetMillis() != 0
        || selector.at().isPresent()) {
      throw PromRequest.invalid("match[]", "1:1: parse error: expected a series selector");
    }
    return selector.allMatchers();
  }

  private static HttpResponse strings(Set<String> values, int limit) {
    List<String> sorted = new ArrayList<>(values);
    List<String> warnings = cut(sorted, limit);
    return PromJson.success(warnings, JsonBody.stringArray(sorted));
  }

  private static <T> List<String> cut(List<T> sorted, int limit) {
    if (limit > 0 && sorted.size() > limit) {
      sorted.subList(limit, sorted.size()).clear();
      return List.of(PromQueryApi.TRUNCATED);
    }
    return List.of();
  }
}
