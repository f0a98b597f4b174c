package io.tracemate.http.spm;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.promql.syntax.GoStrings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parameters every SPM endpoint reads, as Jaeger's query service parses them ({@code parseMetricsQueryParams}
 * in {@code cmd/jaeger/internal/extension/jaegerquery/internal/query_parser.go}): {@code service} (repeated, at
 * least one), {@code groupByOperation} (Go's {@code strconv.ParseBool}), {@code spanKind} (repeated; {@code server},
 * {@code client}, ... in any case, default server), {@code endTs} (Unix milliseconds, default now), {@code lookback}
 * (default 1 h), {@code step} (default 5 s) and {@code ratePer} (the window of {@code rate()}, default 10 min), all
 * in milliseconds. Errors are Jaeger's {@code unable to parse param '<name>': <Go's error>}.
 *
 * <p>Where Tracemate is stricter than Jaeger, which hands such values on to Prometheus and answers its failure with
 * a 500: a step, rate window or lookback that is not positive (a lookback of 0 is one point), an empty service name,
 * an {@code endTs} outside what a protobuf timestamp can carry. {@code spanKind} also takes the
 * {@code SPAN_KIND_SERVER} spelling the answers use.
 *
 * @param services the service names, as sent
 * @param groupByOperation one series per service and operation instead of per service
 * @param spanKinds the span kinds as the series label them ({@code SPAN_KIND_SERVER}), in the order sent
 * @param endMillis the last point's time
 * @param lookbackMillis how far before {@code endMillis} the first point lies
 * @param stepMillis the distance between points
 * @param ratePerMillis the window each point's rate is taken over
 */
record SpmParams(
    List<String> services,
    boolean groupByOperation,
    List<String> spanKinds,
    long endMillis,
    long lookbackMillis,
    long stepMillis,
    long ratePerMillis) {

  static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
  static final Duration DEFAULT_STEP = Duration.ofSeconds(5);
  static final Duration DEFAULT_RATE_PER = Duration.ofMinutes(10);
  static final String DEFAULT_SPAN_KIND = "SPAN_KIND_SERVER";

  /** The latest time a protobuf {@code Timestamp} carries: 9999-12-31T23:59:59.999Z. */
  static final long MAX_END_MILLIS = 253_402_300_799_999L;

  private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern GO_FLOAT =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final List<String> SPAN_KINDS =
      List.of("unspecified", "internal", "server", "client", "producer", "consumer");

  SpmParams {
    services = List.copyOf(services);
    spanKinds = List.copyOf(spanKinds);
  }

  /** The first point's time. */
  long startMillis() {
    return endMillis - lookbackMillis;
  }

  /**
   * @param nowMillis {@code endTs} when the request has none
   * @throws BadRequestException naming the parameter, in Jaeger's words
   */
  static SpmParams parse(QueryParams params, long nowMillis) {
    List<String> services = new ArrayList<>();
    for (String service : params.getAll("service")) {
      if (!service.isEmpty()) {
        services.add(service);
      }
    }
    if (services.isEmpty()) {
      throw invalid("service", "please provide at least one service name");
    }
    boolean groupByOperation = parseBool(params, "groupByOperation");
    List<String> spanKinds = spanKinds(params);
    long end = millis(params, "endTs", nowMillis);
    if (end < 0 || end > MAX_END_MILLIS) {
      throw invalid("endTs", "must be between 0 and " + MAX_END_MILLIS + " (Unix milliseconds)");
    }
    long lookback = millis(params, "lookback", DEFAULT_LOOKBACK.toMillis());
    if (lookback < 0) {
      throw invalid("lookback", "must not be negative, got " + lookback);
    }
    if (lookback > end) {
      throw invalid("lookback", "reaches before 1970 from endTs " + end);
    }
    long step = positive(params, "step", DEFAULT_STEP);
    long ratePer = positive(params, "ratePer", DEFAULT_RATE_PER);
    return new SpmParams(services, groupByOperation, spanKinds, end, lookback, step, ratePer);
  }

  /**
   * {@code quantile}, which the latencies endpoint requires: a number from 0 to 1 ({@code 0.95}).
   *
   * @throws BadRequestException with Go's {@code strconv.ParseFloat} wording when it is no number (or absent)
   */
  static double quantile(QueryParams params) {
    String text = params.get("quantile", "");
    if (!GO_FLOAT.matcher(text).matches()) {
      throw invalid(
          "quantile",
          "strconv.ParseFloat: parsing " + GoStrings.goQuote(text) + ": invalid syntax");
    }
    double quantile = Double.parseDouble(text);
    if (!(quantile >= 0 && quantile <= 1)) {
      throw invalid("quantile", "must be between 0 and 1, got " + text);
    }
    return quantile;
  }

  private static List<String> spanKinds(QueryParams params) {
    List<String> sent = params.getAll("spanKind");
    if (sent.isEmpty()) {
      return List.of(DEFAULT_SPAN_KIND);
    }
    List<String> kinds = new ArrayList<>(sent.size());
    for (String kind : sent) {
      String name = kind.toLowerCase(Locale.ROOT);
      if (name.startsWith("span_kind_")) {
        name = name.substring("span_kind_".length());
      }
      if (!SPAN_KINDS.contains(name)) {
        throw invalid("spanKind", "unsupported span kind: '" + kind + "'");
      }
      String label = "SPAN_KIND_" + name.toUpperCase(Locale.ROOT);
      if (!kinds.contains(label)) {
        kinds.add(label);
      }
    }
    return kinds;
  }

  /** Go's {@code strconv.ParseBool}; absent or empty is false. */
  private static boolean parseBool(QueryParams params, String name) {
    String text = params.get(name, "");
    return switch (text) {
      case "", "0", "f", "F", "false", "FALSE", "False" -> false;
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      default ->
          throw invalid(
              name, "strconv.ParseBool: parsing " + GoStrings.goQuote(text) + ": invalid syntax");
    };
  }

  private static long positive(QueryParams params, String name, Duration fallback) {
    long millis = millis(params, name, fallback.toMillis());
    if (millis <= 0) {
      throw invalid(name, "must be a positive number of milliseconds, got " + millis);
    }
    return millis;
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)} of a parameter; absent or empty is {@code fallback}. */
  private static long millis(QueryParams params, String name, long fallback) {
    String text = params.get(name, "");
    if (text.isEmpty()) {
      return fallback;
    }
    if (!GO_INT.matcher(text).matches()) {
      throw invalid(
          name, "strconv.ParseInt: parsing " + GoStrings.goQuote(text) + ": invalid syntax");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(
          name, "strconv.ParseInt: parsing " + GoStrings.goQuote(text) + ": value out of range");
    }
  }

  /** Jaeger's {@code newParseError}. */
  static BadRequestException invalid(String name, String detail) {
    return new BadRequestException("unable to parse param '" + name + "': " + detail);
  }
}
