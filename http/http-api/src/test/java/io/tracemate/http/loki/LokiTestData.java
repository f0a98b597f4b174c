package io.tracemate.http.loki;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/** The logs every HTTP test queries, around a fixed "now". */
final class LokiTestData {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  static final long MINUTE = 60_000_000_000L;

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_USERS = "00f067aa0ba902b7";
  static final String SPAN_ORDERS = "00f067aa0ba902b8";
  static final String SPAN_DB = "00f067aa0ba902b9";

  static final LabelSet API = LabelSet.of("app", "api", "env", "prod");
  static final LabelSet DB = LabelSet.of("app", "db", "env", "prod");
  static final LabelSet BILLING = LabelSet.of("app", "billing");

  static final LogEntry USERS = entry(30, "GET /users 200", SPAN_USERS);
  static final LogEntry ORDERS = entry(20, "GET /orders 500", SPAN_ORDERS);
  static final LogEntry PAY = new LogEntry(ago(10), "POST /pay 200");
  static final LogEntry SLOW = entry(25, "slow query 1200ms", SPAN_DB);
  static final LogEntry RESET = new LogEntry(ago(5), "connection reset");
  static final LogEntry INVOICE = new LogEntry(ago(15), "invoice sent");

  private LokiTestData() {}

  static long ago(int minutes) {
    return NOW_NANOS - minutes * MINUTE;
  }

  static String ns(long nanos) {
    return Long.toString(nanos);
  }

  private static LogEntry entry(int minutesAgo, String line, String spanId) {
    return new LogEntry(ago(minutesAgo), line, LabelSet.of("trace_id", TRACE, "span_id", spanId));
  }

  /** The Loki query API over {@code reader} as the tests serve it: the real engine, "now" fixed at {@link #NOW}. */
  static LokiQueryApi queryApi(
      LogReader reader, EngineLimits limits, LogTailHub tailHub, QueryCostRecorder costs) {
    return new LokiQueryApi(
        reader,
        new LogQLEngine(reader, limits, ForkJoinPool.commonPool()),
        limits,
        tailHub,
        costs,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A JUnit extension serving {@link #queryApi} on a free port: register it in a static field. */
  static ServerExtension server(
      LogReader reader, EngineLimits limits, LogTailHub tailHub, QueryCostRecorder costs) {
    return new ServerExtension() {
      @Override
      protected void configure(ServerBuilder sb) {
        queryApi(reader, limits, tailHub, costs).addTo(sb);
      }
    };
  }

  static void fill(InMemoryLogStore store) {
    store.clear();
    store
        .writer()
        .write(
            0,
            "fake",
            List.of(
                new LogStream(API, List.of(USERS, ORDERS, PAY)),
                new LogStream(DB, List.of(SLOW, RESET))));
    store.writer().write(0, "team-b", List.of(new LogStream(BILLING, List.of(INVOICE))));
  }
}
