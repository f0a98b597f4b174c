package io.tracemate.audit;

import static io.tracemate.audit.AuditTesting.CLOCK;
import static io.tracemate.audit.AuditTesting.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.audit.AuditReader.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReaderTest {
  @TempDir Path dir;

  private void writeLog(int count, long maxFileBytes) throws Exception {
    try (AuditLog log =
        AuditLog.open(AuditLogConfig.in(dir).withMaxFileBytes(maxFileBytes), CLOCK)) {
      for (int i = 1; i <= count; i += 7) {
        append(log, i, Math.min(7, count - i + 1));
      }
    }
  }

  private static List<Long> seqs(Page page) {
    return page.records().stream().map(AuditRecord::seq).toList();
  }

  @Test
  void pagesGoNewestFirstAcrossFilesUntilTheFirstRecord() throws Exception {
    writeLog(100, 4096);
    assertThat(AuditFiles.list(dir).size()).isGreaterThan(3);
    AuditReader reader = new AuditReader(dir);

    List<Long> all = new ArrayList<>();
    long before = 0;
    int pages = 0;
    do {
      Page page = reader.page(before, 15, record -> true, Long.MAX_VALUE);
      assertThat(page.records()).hasSizeLessThanOrEqualTo(15);
      all.addAll(seqs(page));
      before = page.nextBefore();
      pages++;
    } while (before != 0 && pages < 100);

    List<Long> expected = new ArrayList<>();
    for (long seq = 100; seq >= 1; seq--) {
      expected.add(seq);
    }
    assertThat(all).isEqualTo(expected);
    assertThat(pages).isEqualTo(7);
  }

  @Test
  void theNewestPage() throws Exception {
    writeLog(10, 1 << 20);

    Page page = new AuditReader(dir).newest(3);

    assertThat(seqs(page)).containsExactly(10L, 9L, 8L);
    assertThat(page.nextBefore()).isEqualTo(8);
    assertThat(page.records().get(0).event()).isEqualTo(AuditTesting.query(10));
  }

  @Test
  void aFilterPicksRecordsAndMaxScannedBoundsTheWork() throws Exception {
    writeLog(50, 4096);
    AuditReader reader = new AuditReader(dir);

    Page alice = reader.page(0, 5, record -> record.actor().equals("alice"), Long.MAX_VALUE);
    assertThat(seqs(alice)).containsExactly(50L, 48L, 46L, 44L, 42L);
    assertThat(alice.scanned()).isEqualTo(9);

    Page bounded = reader.page(0, 5, record -> record.status() == 404, 20);
    assertThat(bounded.records()).isEmpty();
    assertThat(bounded.scanned()).isEqualTo(20);
    assertThat(bounded.nextBefore()).isEqualTo(31); // the caller may go on from there
  }

  @Test
  void aRecordBeingWrittenAndDamagedLinesAreSkipped() throws Exception {
    writeLog(5, 1 << 20);
    Path file = dir.resolve("audit-1.jsonl");
    List<String> lines = AuditTesting.lines(file);
    lines.add(2, "not a record");
    AuditTesting.write(file, lines);
    Files.writeString(file, "{\"seq\":6,\"ti", StandardOpenOption.APPEND);

    Page page = new AuditReader(dir).newest(10);

    assertThat(seqs(page)).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(page.unreadable()).isEqualTo(1);
    assertThat(page.nextBefore()).isZero();
  }

  @Test
  void anEmptyLogHasNoRecords() throws Exception {
    Page page = new AuditReader(dir.resolve("nothing")).newest(10);

    assertThat(page.records()).isEmpty();
    assertThat(page.nextBefore()).isZero();
  }

  @Test
  void longLinesAreReadAcrossChunks() throws Exception {
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(dir), CLOCK)) {
      for (int i = 0; i < 30; i++) {
        log.append(
                new AuditEvent(
                    "alice",
                    "oidc",
                    List.of("t"),
                    "query",
                    "GET /x",
                    String.valueOf(i).repeat(8000),
                    200,
                    0,
                    0,
                    0))
            .get();
      }
    }

    Page page = new AuditReader(dir).newest(30);

    assertThat(seqs(page)).hasSize(30).startsWith(30L, 29L).endsWith(1L);
    assertThat(page.records().get(29).query()).startsWith("0000");
  }
}
