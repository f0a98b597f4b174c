package io.tracemate.audit;

import static io.tracemate.audit.AuditTesting.CLOCK;
import static io.tracemate.audit.AuditTesting.append;
import static io.tracemate.audit.AuditTesting.files;
import static io.tracemate.audit.AuditTesting.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.audit.AuditLog.Head;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  @Test
  void recordsAreNumberedChainedAndOnDiskWhenAcknowledged() throws Exception {
    List<AuditRecord> records;
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      records = append(log, 1, 5);
      // On disk before close: the futures completed after the fsync.
      assertThat(lines(dir.resolve("audit-1.jsonl"))).hasSize(5);
      assertThat(log.head()).isEqualTo(new Head(5, records.get(4).hash()));
    }

    assertThat(records).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(records.get(0).prevHash()).isEqualTo(AuditRecord.GENESIS);
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).prevHash()).isEqualTo(records.get(i - 1).hash());
    }
    AuditRecord first = records.get(0);
    assertThat(first.time()).isEqualTo("2026-03-01T12:00:00.123Z");
    assertThat(first.event()).isEqualTo(AuditTesting.query(1));
    assertThat(lines(dir.resolve("audit-1.jsonl")).get(0))
        .isEqualTo(AuditCodec.line(first))
        .startsWith("{\"seq\":1,\"time\":\"2026-03-01T12:00:00.123Z\",\"actor\":\"collector-eu\",")
        .endsWith(",\"hash\":\"" + first.hash() + "\"}");
    assertThat(AuditVerifier.verify(dir).intact()).isTrue();
  }

  @Test
  void filesRotateBySizeAndTheChainContinuesAcrossThem() throws Exception {
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir).withMaxFileBytes(4096), CLOCK)) {
      for (int i = 0; i < 20; i++) {
        append(log, i * 5 + 1, 5); // groups of at most five records: files stay near the size
      }
    }

    List<AuditFiles.AuditFile> files = AuditFiles.list(dir);
    assertThat(files.size()).isGreaterThan(3);
    for (int i = 1; i < files.size(); i++) {
      List<String> previous = lines(files.get(i - 1).path());
      AuditRecord lastBefore = AuditCodec.parse(previous.get(previous.size() - 1));
      AuditRecord firstHere = AuditCodec.parse(lines(files.get(i).path()).get(0));
      assertThat(files.get(i).firstSeq())
          .isEqualTo(firstHere.seq())
          .isEqualTo(lastBefore.seq() + 1);
      assertThat(firstHere.prevHash()).isEqualTo(lastBefore.hash());
      assertThat(Files.size(files.get(i - 1).path())).isLessThan(4096 + 5 * 1024);
    }
    AuditVerifier.Verification verification = AuditVerifier.verify(dir);
    assertThat(verification.intact()).isTrue();
    assertThat(verification.records()).isEqualTo(100);
    assertThat(verification.files()).isEqualTo(files.size());
    assertThat(verification.summary()).startsWith("audit log intact: 100 records in ");
  }

  @Test
  void reopeningContinuesTheChain() throws Exception {
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      append(log, 1, 3);
    }
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      assertThat(log.head().seq()).isEqualTo(3);
      assertThat(append(log, 4, 2)).extracting(AuditRecord::seq).containsExactly(4L, 5L);
    }
    assertThat(AuditVerifier.verify(dir).records()).isEqualTo(5);
    assertThat(AuditVerifier.verify(dir).intact()).isTrue();
  }

  @Test
  void aPartialLastRecordLeftByACrashIsCutOffAndTheChainContinues() throws Exception {
    AuditLog crashed = AuditLog.open(AuditLogConfig.in(dir), CLOCK);
    List<AuditRecord> acknowledged = append(crashed, 1, 4);
    // Not closed: a crash mid-write leaves the start of a fifth record without its newline.
    String torn = AuditCodec.line(acknowledged.get(3)).substring(0, 40);
    Files.writeString(dir.resolve("audit-1.jsonl"), torn, StandardOpenOption.APPEND);
    assertThat(AuditVerifier.verify(dir).problem())
        .startsWith("the file ends in a partial record after seq 4");

    try (AuditLog reopened = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      assertThat(reopened.head()).isEqualTo(new Head(4, acknowledged.get(3).hash()));
      assertThat(append(reopened, 5, 2)).extracting(AuditRecord::seq).containsExactly(5L, 6L);
    }

    AuditVerifier.Verification verification = AuditVerifier.verify(dir);
    assertThat(verification.intact()).as(verification.summary()).isTrue();
    assertThat(verification.records()).isEqualTo(6);
    assertThat(lines(dir.resolve("audit-1.jsonl")).subList(0, 4))
        .containsExactlyElementsOf(acknowledged.stream().map(AuditCodec::line).toList());
    crashed.close(); // its thread idled all along; nothing was queued
  }

  @Test
  void anEmptyFileLeftByACrashRightAfterRotatingIsContinued() throws Exception {
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      append(log, 1, 3);
    }
    Files.createFile(dir.resolve("audit-4.jsonl"));

    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      assertThat(log.head().seq()).isEqualTo(3);
      append(log, 4, 2);
    }

    assertThat(lines(dir.resolve("audit-4.jsonl"))).hasSize(2);
    assertThat(AuditVerifier.verify(dir).intact()).isTrue();
  }

  @Test
  void aDamagedLastRecordStopsTheLogFromOpeningAndSaysWhatToDo() throws Exception {
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      append(log, 1, 2);
    }
    Files.writeString(dir.resolve("audit-1.jsonl"), "garbage\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> AuditLog.open(AuditLogConfig.in(dir), CLOCK))
        .hasMessageContaining("audit log damaged: the last line of")
        .hasMessageContaining("is not a record (not JSON)")
        .hasMessageContaining("move the directory aside");
  }

  @Test
  void aRecordStaysOneBoundedLineWhateverTheQueryHolds() throws Exception {
    String hostile = "line one\nline two\r\u2028\u0000\"quoted\" ünïcödé " + "x".repeat(20_000);
    AuditRecord record;
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      record =
          log.append(
                  new AuditEvent(
                      "alice",
                      "oidc",
                      List.of("a", "b"),
                      "query",
                      "GET /api/traces",
                      hostile,
                      200,
                      0,
                      0,
                      1))
              .get(30, TimeUnit.SECONDS);
    }

    List<String> written = lines(dir.resolve("audit-1.jsonl"));
    assertThat(written).hasSize(1);
    assertThat(written.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThan(9 * 1024);
    assertThat(record.query()).hasSize(AuditEvent.MAX_QUERY_CHARS).endsWith("…");
    assertThat(record.query()).startsWith("line one\nline two\r\u2028\u0000\"quoted\" ünïcödé ");
    assertThat(AuditCodec.parse(written.get(0))).isEqualTo(record);
    assertThat(AuditVerifier.verify(dir).intact()).isTrue();
  }

  @Test
  void aClosedLogRefusesAppends() throws Exception {
    AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK);
    log.close();

    assertThatThrownBy(() -> log.append(AuditTesting.query(1)).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the audit log is closed");
    assertThat(files(dir)).hasSize(1);
  }
}
