package io.tracemate.testing.corpus;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic application logs for size and speed measurements: services on Kubernetes writing
 * JSON (most) or logfmt lines of ~500-1,200 bytes (about 870 on average) with timestamps, levels, loggers,
 * HTTP requests, user and session IDs, durations, paths with IDs, and the trace context. Timestamps have
 * millisecond precision, as most loggers print them and agents take the entry time from the line. Requests
 * form traces that log on several services; each traced entry carries {@code trace_id}/{@code span_id} in
 * structured metadata (as OTLP logs arrive) and, as real services do, in the line too. About one line in
 * 2,000 is the rare error {@link #RARE_NEEDLE}. The same seed gives the same corpus. Not thread-safe.
 */
public final class LogCorpus {
  /** A token about one line in 2,000 contains: the needle of the scan benchmark. */
  public static final String RARE_NEEDLE = "PaymentGatewayTimeout";

  private static final String[] SERVICES = {
    "checkout",
    "cart",
    "catalog",
    "payment",
    "shipping",
    "inventory",
    "frontend",
    "auth",
    "search",
    "recommendation",
    "email",
    "notification",
    "pricing",
    "review",
    "user-profile",
    "order-history",
    "gateway",
    "fraud-check",
    "loyalty",
    "media"
  };
  private static final String[] NAMESPACES = {"shop", "platform", "payments"};
  private static final String[] METHODS = {
    "GET", "GET", "GET", "POST", "PUT", "DELETE", "GET", "POST"
  };
  private static final String[] RESOURCES = {
    "orders",
    "items",
    "users",
    "carts",
    "products",
    "payments",
    "shipments",
    "reviews",
    "sessions",
    "coupons"
  };
  private static final String[] AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "okhttp/4.12.0",
    "Go-http-client/2.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
  };
  private static final String[] MESSAGES = {
    "Completed request",
    "Request handled",
    "Served response",
    "Cache miss, loaded from database",
    "Cache hit",
    "Published event to topic",
    "Validated payload",
    "Upstream call finished",
    "Rate limit check passed",
    "Retrying upstream call after transient failure"
  };
  private static final String[] ERRORS = {
    "java.net.SocketTimeoutException: Read timed out after 5000 ms",
    "io.grpc.StatusRuntimeException: UNAVAILABLE: upstream connect error or disconnect/reset before headers",
    "org.postgresql.util.PSQLException: ERROR: could not serialize access due to concurrent update",
    "redis.clients.jedis.exceptions.JedisConnectionException: Unexpected end of stream"
  };
  private static final String[] FLAGS = {
    "new-checkout",
    "fast-shipping",
    "dark-mode",
    "one-click-buy",
    "recommendations-v2",
    "search-ranking-b"
  };
  private static final String[] LEVELS = {
    "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR"
  };

  private final SplittableRandom random;
  private final List<StreamSpec> streams = new ArrayList<>();
  private final long nanosPerLine;
  private final List<Trace> activeTraces = new ArrayList<>();
  private final List<String> sampledTraceIds = new ArrayList<>();
  private final StringBuilder line = new StringBuilder(1400);
  private long clock;
  private long now;
  private long lines;
  private long bytes;
  private long traces;

  private record StreamSpec(
      LabelSet labels,
      String service,
      String namespace,
      String pod,
      String node,
      String version,
      boolean json) {}

  private static final class Trace {
    final String traceId;
    final int[] streams;
    int remaining;

    Trace(String traceId, int[] streams, int remaining) {
      this.traceId = traceId;
      this.streams = streams;
      this.remaining = remaining;
    }
  }

  /**
   * @param streamCount number of streams (service pods), e.g. 100
   * @param startNanos timestamp of the first line
   * @param nanosPerLine mean spacing of lines across all streams
   */
  public LogCorpus(long seed, int streamCount, long startNanos, long nanosPerLine) {
    this.random = new SplittableRandom(seed);
    this.clock = startNanos;
    this.now = startNanos;
    this.nanosPerLine = nanosPerLine;
    for (int i = 0; i < streamCount; i++) {
      String service = SERVICES[i % SERVICES.length];
      String namespace = NAMESPACES[i % NAMESPACES.length];
      String pod = service + "-" + hex(random, 5) + "-" + hex(random, 5);
      String node =
          "ip-10-0-"
              + random.nextInt(1, 40)
              + "-"
              + random.nextInt(2, 250)
              + ".eu-west-1.compute.internal";
      String version = "2." + random.nextInt(0, 30) + "." + random.nextInt(0, 10);
      LabelSet labels =
          LabelSet.of(
              "app",
              service,
              "namespace",
              namespace,
              "pod",
              pod,
              "env",
              "prod",
              "cluster",
              "eu-west-1-a");
      streams.add(new StreamSpec(labels, service, namespace, pod, node, version, i % 10 < 7));
    }
  }

  public List<LabelSet> streams() {
    return streams.stream().map(StreamSpec::labels).toList();
  }

  public long generatedLines() {
    return lines;
  }

  /** UTF-8 bytes of the lines generated so far (they are ASCII). */
  public long generatedBytes() {
    return bytes;
  }

  /** One trace ID of every 100 started, at most 10,000: lookups by trace ID for benchmarks. */
  public List<String> sampledTraceIds() {
    return List.copyOf(sampledTraceIds);
  }

  /** The next {@code count} lines, grouped by stream, each stream's entries in time order. */
  public List<LogStream> next(int count) {
    Map<Integer, List<LogEntry>> byStream = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      clock += random.nextLong(nanosPerLine / 2, nanosPerLine * 3 / 2 + 1);
      // Loggers print milliseconds (logback, log4j, pino, zap's ISO8601 encoder); agents take the
      // line's time.
      now = clock - Math.floorMod(clock, 1_000_000L);
      int stream;
      String traceId = null;
      if (random.nextInt(10) == 0) {
        stream = random.nextInt(streams.size());
      } else {
        Trace trace = traceForNextLine();
        traceId = trace.traceId;
        stream = trace.streams[random.nextInt(trace.streams.length)];
      }
      byStream
          .computeIfAbsent(stream, s -> new ArrayList<>())
          .add(entry(streams.get(stream), traceId));
    }
    List<LogStream> result = new ArrayList<>(byStream.size());
    byStream.forEach(
        (stream, entries) -> result.add(new LogStream(streams.get(stream).labels(), entries)));
    return result;
  }

  private Trace traceForNextLine() {
    // About 50 requests in flight: a trace's lines fall within a fraction of a second, as a
    // request's do.
    if (activeTraces.size() < 50) {
      int[] hops = new int[random.nextInt(1, 6)];
      for (int i = 0; i < hops.length; i++) {
        hops[i] = random.nextInt(streams.size());
      }
      Trace trace = new Trace(hex(random, 32), hops, random.nextInt(2, 16));
      if (traces++ % 100 == 0 && sampledTraceIds.size() < 10_000) {
        sampledTraceIds.add(trace.traceId);
      }
      activeTraces.add(trace);
    }
    int index = random.nextInt(activeTraces.size());
    Trace trace = activeTraces.get(index);
    if (--trace.remaining <= 0) {
      activeTraces.set(index, activeTraces.get(activeTraces.size() - 1));
      activeTraces.remove(activeTraces.size() - 1);
    }
    return trace;
  }

  private LogEntry entry(StreamSpec spec, String traceId) {
    String spanId = traceId == null ? null : hex(random, 16);
    String level = LEVELS[random.nextInt(LEVELS.length)];
    line.setLength(0);
    if (spec.json()) {
      json(spec, level, traceId, spanId);
    } else {
      logfmt(spec, level, traceId, spanId);
    }
    String text = line.toString();
    lines++;
    bytes += text.length();
    LabelSet metadata =
        traceId == null
            ? LabelSet.EMPTY
            : LabelSet.of(LogEntry.TRACE_ID, traceId, LogEntry.SPAN_ID, spanId);
    return new LogEntry(now, text, metadata);
  }

  private String message(String level, String method, String path, int durationMs) {
    if (random.nextInt(2000) == 0) {
      return RARE_NEEDLE
          + ": payment provider did not answer within 3000 ms for "
          + method
          + " "
          + path;
    }
    if ("ERROR".equals(level)) {
      return "Request failed: " + ERRORS[random.nextInt(ERRORS.length)];
    }
    return MESSAGES[random.nextInt(MESSAGES.length)]
        + " "
        + method
        + " "
        + path
        + " in "
        + durationMs
        + " ms";
  }

  private void json(StreamSpec spec, String level, String traceId, String spanId) {
    String method = METHODS[random.nextInt(METHODS.length)];
    String path = path();
    int durationMs = duration();
    int status = status(level);
    line.append("{\"timestamp\":\"")
        .append(isoTime(now))
        .append("\",\"level\":\"")
        .append(level)
        .append("\",\"logger\":\"io.shop.")
        .append(spec.service().replace('-', '.'))
        .append(".web.RequestLogger\"")
        .append(",\"thread\":\"http-nio-8080-exec-")
        .append(random.nextInt(1, 200))
        .append("\",\"message\":\"")
        .append(message(level, method, path, durationMs))
        .append('"');
    if (traceId != null) {
      line.append(",\"trace_id\":\"")
          .append(traceId)
          .append("\",\"span_id\":\"")
          .append(spanId)
          .append('"');
    }
    line.append(",\"user_id\":\"u-")
        .append(random.nextInt(1, 500_000))
        .append("\",\"session_id\":\"")
        .append(uuid())
        .append("\",\"request_id\":\"")
        .append(uuid())
        .append("\",\"http\":{\"method\":\"")
        .append(method)
        .append("\",\"path\":\"")
        .append(path)
        .append("\",\"status\":")
        .append(status)
        .append(",\"duration_ms\":")
        .append(durationMs)
        .append('.')
        .append(random.nextInt(100, 1000))
        .append(",\"bytes_in\":")
        .append(random.nextInt(0, 4096))
        .append(",\"bytes_out\":")
        .append(random.nextInt(200, 65_536))
        .append(",\"client_ip\":\"10.")
        .append(random.nextInt(256))
        .append('.')
        .append(random.nextInt(256))
        .append('.')
        .append(random.nextInt(256))
        .append("\",\"user_agent\":\"")
        .append(AGENTS[random.nextInt(AGENTS.length)])
        .append("\"}")
        .append(",\"service\":{\"name\":\"")
        .append(spec.service())
        .append("\",\"version\":\"")
        .append(spec.version())
        .append("\",\"instance\":\"")
        .append(spec.pod())
        .append("\"},\"k8s\":{\"namespace\":\"")
        .append(spec.namespace())
        .append("\",\"node\":\"")
        .append(spec.node())
        .append("\",\"pod\":\"")
        .append(spec.pod())
        .append("\"},\"env\":\"prod\",\"region\":\"eu-west-1\"");
    if (random.nextInt(3) == 0) {
      line.append(",\"cart_items\":")
          .append(random.nextInt(1, 12))
          .append(",\"amount_cents\":")
          .append(random.nextInt(199, 250_000))
          .append(",\"currency\":\"EUR\"");
    }
    line.append(",\"feature_flags\":[\"")
        .append(FLAGS[random.nextInt(FLAGS.length)])
        .append("\",\"")
        .append(FLAGS[random.nextInt(FLAGS.length)])
        .append("\"]}");
  }

  private void logfmt(StreamSpec spec, String level, String traceId, String spanId) {
    String method = METHODS[random.nextInt(METHODS.length)];
    String path = path();
    int durationMs = duration();
    line.append("ts=")
        .append(isoTime(now))
        .append(" level=")
        .append(level.toLowerCase(java.util.Locale.ROOT))
        .append(" caller=")
        .append(spec.service())
        .append("/handler.go:")
        .append(random.nextInt(40, 400))
        .append(" msg=\"")
        .append(message(level, method, path, durationMs))
        .append('"');
    if (traceId != null) {
      line.append(" traceID=").append(traceId).append(" spanID=").append(spanId);
    }
    line.append(" method=")
        .append(method)
        .append(" path=")
        .append(path)
        .append(" status=")
        .append(status(level))
        .append(" duration=")
        .append(durationMs)
        .append('.')
        .append(random.nextInt(100, 1000))
        .append("ms user=u-")
        .append(random.nextInt(1, 500_000))
        .append(" request_id=")
        .append(uuid())
        .append(" remote_addr=10.")
        .append(random.nextInt(256))
        .append('.')
        .append(random.nextInt(256))
        .append('.')
        .append(random.nextInt(256))
        .append(':')
        .append(random.nextInt(1024, 65_535))
        .append(" user_agent=\"")
        .append(AGENTS[random.nextInt(AGENTS.length)])
        .append('"')
        .append(" bytes_in=")
        .append(random.nextInt(0, 4096))
        .append(" bytes_out=")
        .append(random.nextInt(200, 65_536))
        .append(" service=")
        .append(spec.service())
        .append(" version=")
        .append(spec.version())
        .append(" pod=")
        .append(spec.pod())
        .append(" node=")
        .append(spec.node())
        .append(" namespace=")
        .append(spec.namespace())
        .append(" db_queries=")
        .append(random.nextInt(0, 12))
        .append(" db_time=")
        .append(random.nextInt(0, 80))
        .append("ms cache=")
        .append(random.nextBoolean() ? "hit" : "miss")
        .append(" region=eu-west-1 zone=eu-west-1")
        .append((char) ('a' + random.nextInt(3)));
  }

  private String path() {
    String resource = RESOURCES[random.nextInt(RESOURCES.length)];
    return switch (random.nextInt(4)) {
      case 0 -> "/api/v2/" + resource;
      case 1 -> "/api/v2/" + resource + "/" + random.nextInt(1, 1_000_000);
      case 2 ->
          "/api/v2/"
              + resource
              + "/"
              + random.nextInt(1, 1_000_000)
              + "/items/"
              + random.nextInt(1, 100);
      default ->
          "/api/v1/" + resource + "/search?q=" + hex(random, 6) + "&page=" + random.nextInt(1, 20);
    };
  }

  private int duration() {
    double lognormal = Math.exp(2.5 + random.nextDouble() * 2.5);
    return (int) lognormal;
  }

  private int status(String level) {
    return switch (level) {
      case "ERROR" -> random.nextBoolean() ? 500 : 503;
      case "WARN" -> random.nextBoolean() ? 404 : 429;
      default -> random.nextInt(10) == 0 ? 201 : 200;
    };
  }

  private String uuid() {
    String h = hex(random, 32);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-4"
        + h.substring(13, 16)
        + "-a"
        + h.substring(17, 20)
        + "-"
        + h.substring(20);
  }

  private static String isoTime(long nanos) {
    return ISO_MILLIS.format(
        java.time.Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
  }

  private static final java.time.format.DateTimeFormatter ISO_MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static String hex(SplittableRandom random, int digits) {
    char[] out = new char[digits];
    long bits = 0;
    for (int i = 0; i < digits; i++) {
      if (i % 16 == 0) {
        bits = random.nextLong();
      }
      out[i] = HEX[(int) (bits & 0xF)];
      bits >>>= 4;
    }
    return new String(out);
  }
}
