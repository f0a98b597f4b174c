package io.tracemate.audit;

import static io.tracemate.audit.AuditTesting.append;
import static io.tracemate.audit.AuditTesting.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRetentionTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(START);

  /** Writes 60 records on day one (several files), then 5 more twelve hours later. */
  private AuditLog writeTwoAges(Duration retention) throws Exception {
    AuditLog log =
        AuditLog.open(
            AuditLogConfig.in(dir).withMaxFileBytes(4096).withRetention(retention), clock);
    for (int i = 0; i < 12; i++) {
      append(log, i * 5 + 1, 5);
    }
    clock.set(START.plus(Duration.ofHours(12)));
    append(log, 61, 5);
    return log;
  }

  @Test
  void filesWhollyOlderThanTheRetentionGoAfterARecordSaysSoAndTheLogStillVerifies()
      throws Exception {
    try (AuditLog log = writeTwoAges(Duration.ofDays(1))) {
      int filesBefore = AuditFiles.list(dir).size();
      assertThat(filesBefore).isGreaterThan(3);

      clock.set(START.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
      waitUntil(() -> AuditFiles.list(dir).get(0).firstSeq() > 1);
      append(log, 66, 1); // the log goes on after the removal
    }

    List<AuditFiles.AuditFile> files = AuditFiles.list(dir);
    AuditVerifier.Verification verification = AuditVerifier.verify(dir);
    assertThat(verification.intact()).as(verification.summary()).isTrue();
    assertThat(verification.removedThrough()).isEqualTo(files.get(0).firstSeq() - 1);
    assertThat(verification.summary())
        .contains("seq 1 to " + verification.removedThrough() + " removed by retention");
    // Only day one's records went, and only whole files of them: what is left still holds every
    // later record.
    List<AuditRecord> left =
        files.stream()
            .flatMap(file -> uncheckedLines(file.path()).stream())
            .map(AuditCodec::parse)
            .toList();
    assertThat(left)
        .extracting(AuditRecord::time)
        .contains(START.plus(Duration.ofHours(12)).toString());
    assertThat(left.stream().filter(r -> r.action().equals("query")).map(AuditRecord::seq))
        .contains(61L, 62L, 63L, 64L, 65L);
    AuditRecord note =
        left.stream().filter(r -> r.action().equals("audit.retention")).findFirst().orElseThrow();
    assertThat(note.actor()).isEqualTo("tracemate");
    assertThat(note.query())
        .startsWith("removed seq 1 to " + verification.removedThrough() + "; hash of seq ")
        .contains("files: audit-1.jsonl");
  }

  @Test
  void aFileRemovedBeyondWhatTheRetentionRecordNamesIsStillCaught() throws Exception {
    try (AuditLog log = writeTwoAges(Duration.ofDays(1))) {
      clock.set(START.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
      waitUntil(() -> AuditFiles.list(dir).get(0).firstSeq() > 1);
    }
    List<AuditFiles.AuditFile> files = AuditFiles.list(dir);
    Files.delete(files.get(0).path()); // someone removes one more file by hand

    AuditVerifier.Verification verification = AuditVerifier.verify(dir);
    assertThat(verification.intact()).isFalse();
    assertThat(verification.problem())
        .startsWith("missing before this file: seq 1 to " + (files.get(1).firstSeq() - 1))
        .endsWith("no retention record says they were removed");
  }

  @Test
  void withoutRetentionNothingIsEverRemoved() throws Exception {
    try (AuditLog log = writeTwoAges(Duration.ZERO)) {
      clock.set(START.plus(Duration.ofDays(400)));
      append(log, 66, 1);
    }
    assertThat(AuditFiles.list(dir).get(0).firstSeq()).isEqualTo(1);
    assertThat(AuditVerifier.verify(dir).removedThrough()).isZero();
  }

  private static List<String> uncheckedLines(Path file) {
    try {
      return lines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Check check) throws Exception {
    for (int i = 0; i < 200 && !check.holds(); i++) {
      Thread.sleep(50);
    }
    assertThat(check.holds()).as("retention ran within 10 s").isTrue();
  }

  /** The time the writer thread reads; set by the test. */
  private static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    SettableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
