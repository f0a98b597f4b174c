package io.tracemate.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Events, a fixed clock, and the files of a log as lines to edit. */
final class AuditTesting {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00.123Z"), ZoneOffset.UTC);

  private AuditTesting() {}

  static AuditEvent query(int i) {
    return new AuditEvent(
        i % 2 == 0 ? "alice" : "collector-eu",
        i % 2 == 0 ? "oidc" : "api_token",
        List.of("team-a"),
        "query",
        "GET /loki/api/v1/query_range",
        "{service=\"checkout\"} |= \"order " + i + "\"",
        200,
        1000L * i,
        10L * i,
        i);
  }

  /** Appends {@code count} events and waits until all are on disk. */
  static List<AuditRecord> append(AuditLog log, int from, int count) throws Exception {
    List<CompletableFuture<AuditRecord>> futures = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      futures.add(log.append(query(i)));
    }
    List<AuditRecord> records = new ArrayList<>();
    for (CompletableFuture<AuditRecord> future : futures) {
      records.add(future.get(30, TimeUnit.SECONDS));
    }
    return records;
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static void write(Path file, List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
  }

  static List<Path> files(Path directory) throws IOException {
    return AuditFiles.list(directory).stream().map(AuditFiles.AuditFile::path).toList();
  }
}
