package io.tracemate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a bench run needs, validated.
 *
 * @param protocols ingest protocols, run one after the other
 * @param duration time bound of each ingest phase and of the query phase
 * @param maxSpans span bound of each ingest phase
 * @param rateSpansPerSecond 0 = as fast as the server takes them
 * @param serverPid local server process to read CPU time from, or null
 * @param metricsPath Prometheus endpoint on the HTTP port (CPU fallback, storage gauges)
 * @param dataDir server data directory to measure with du when the server exposes no storage gauges, or null
 * @param settle pause after each ingest phase before CPU is read and queries start, so the
 *     server's asynchronous work (indexing, flushes) is counted and the data is searchable
 * @param mix shares of failed, slow and business-tagged traces in the synthetic workload; null for the
 *     historical mix (1 % failed traces)
 * @param headers sent with every request, ingest and query (credentials, {@code X-Scope-OrgID}); gRPC metadata
 *     on OTLP/gRPC
 */
public record BenchOptions(
    List<Protocol> protocols,
    String target,
    int otlpGrpcPort,
    int otlpHttpPort,
    int zipkinPort,
    int httpPort,
    Duration duration,
    long maxSpans,
    int batchSpans,
    int connections,
    double rateSpansPerSecond,
    Long serverPid,
    int querySamples,
    QueryApi queryApi,
    String metricsPath,
    Path dataDir,
    Duration settle,
    long seed,
    WorkloadMix mix,
    Map<String, String> headers) {

  public BenchOptions {
    protocols = List.copyOf(protocols);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    mix = mix == null ? WorkloadMix.DEFAULT : mix;
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one --protocol is required");
    }
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("--target must not be blank");
    }
    for (int port : new int[] {otlpGrpcPort, otlpHttpPort, zipkinPort, httpPort}) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("ports must be within 1..65535, got " + port);
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
    if (maxSpans < 1) {
      throw new IllegalArgumentException("--max-spans must be >= 1, got " + maxSpans);
    }
    if (batchSpans < 1 || batchSpans > 50_000) {
      throw new IllegalArgumentException(
          "--batch-spans must be within 1..50000, got " + batchSpans);
    }
    if (connections < 1 || connections > 256) {
      throw new IllegalArgumentException("--connections must be within 1..256, got " + connections);
    }
    if (rateSpansPerSecond < 0) {
      throw new IllegalArgumentException(
          "--rate must be >= 0 (0 = unthrottled), got " + rateSpansPerSecond);
    }
    if (serverPid != null && serverPid < 1) {
      throw new IllegalArgumentException("--server-pid must be a process id, got " + serverPid);
    }
    if (querySamples < 0) {
      throw new IllegalArgumentException("--query-samples must be >= 0, got " + querySamples);
    }
    if (settle.isNegative()) {
      throw new IllegalArgumentException("--settle must not be negative, got " + settle);
    }
    if (!metricsPath.startsWith("/")) {
      throw new IllegalArgumentException("--metrics-path must start with '/', got " + metricsPath);
    }
  }

  String baseUri(int port) {
    String host = target.contains(":") && !target.startsWith("[") ? "[" + target + "]" : target;
    return "http://" + host + ":" + port;
  }

  int ingestPort(Protocol protocol) {
    return switch (protocol) {
      case OTLP_GRPC -> otlpGrpcPort;
      case OTLP_HTTP, OTLP_JSON -> otlpHttpPort;
      case ZIPKIN_JSON -> zipkinPort;
    };
  }

  int queryPort() {
    return queryApi == QueryApi.ZIPKIN ? zipkinPort : httpPort;
  }
}
