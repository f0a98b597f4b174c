package io.tracemate.codec.fuzz;

import java.util.List;

/** The field names and values of each JSON wire format, inserted by the mutators to reach past the syntax. */
public final class FuzzTokens {
  private FuzzTokens() {}

  public static final List<String> OTLP_JSON =
      List.of(
          "\"resourceSpans\":[",
          "\"resourceLogs\":[",
          "\"scopeSpans\":[",
          "\"scopeLogs\":[",
          "\"spans\":[{",
          "\"logRecords\":[{",
          "\"resource\":{",
          "\"scope\":{",
          "\"traceId\":",
          "\"spanId\":",
          "\"parentSpanId\":",
          "\"startTimeUnixNano\":",
          "\"endTimeUnixNano\":",
          "\"timeUnixNano\":",
          "\"observedTimeUnixNano\":",
          "\"attributes\":[{\"key\":\"k\",\"value\":",
          "{\"stringValue\":\"v\"}",
          "{\"intValue\":\"-9223372036854775808\"}",
          "{\"doubleValue\":1e308}",
          "{\"arrayValue\":{\"values\":[",
          "{\"kvlistValue\":{\"values\":[",
          "{\"bytesValue\":\"AAE=\"}",
          "\"body\":",
          "\"severityNumber\":",
          "\"kind\":",
          "\"status\":{\"code\":",
          "\"events\":[{",
          "\"links\":[{",
          "\"flags\":",
          "\"0af7651916cd43dd8448eb211c80319c\"",
          "\"b7ad6b7169203331\"",
          "\"18446744073709551615\"");

  static final List<String> ZIPKIN_JSON =
      List.of(
          "\"traceId\":",
          "\"id\":",
          "\"parentId\":",
          "\"kind\":\"",
          "\"name\":",
          "\"timestamp\":",
          "\"duration\":",
          "\"localEndpoint\":{",
          "\"remoteEndpoint\":{",
          "\"serviceName\":",
          "\"ipv4\":\"",
          "\"ipv6\":\"",
          "\"port\":",
          "\"annotations\":[{",
          "\"value\":",
          "\"tags\":{",
          "\"debug\":",
          "\"shared\":",
          "\"463ac35c9f6413ad48485a3953bb6124\"",
          "\"a2fb4a1d1a96d312\"",
          "CONSUMER");

  static final List<String> LOKI_JSON =
      List.of(
          "\"streams\":[",
          "\"stream\":{",
          "\"values\":[[",
          "\"labels\":\"{",
          "\"entries\":[{",
          "\"ts\":",
          "\"line\":",
          "\"1700000000000000000\"",
          "\"2023-11-14T22:13:20.5Z\"",
          "{job=\\\"a\\\"}",
          "\"trace_id\":\"",
          "\"__name__\":",
          "\"\":\"");
}
