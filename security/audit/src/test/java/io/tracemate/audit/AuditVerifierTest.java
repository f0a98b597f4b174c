package io.tracemate.audit;

import static io.tracemate.audit.AuditTesting.CLOCK;
import static io.tracemate.audit.AuditTesting.append;
import static io.tracemate.audit.AuditTesting.lines;
import static io.tracemate.audit.AuditTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.audit.AuditLog.Head;
import io.tracemate.audit.AuditVerifier.Verification;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of changing the log after the fact, each done to a real log on disk, and what the verifier names.
 * The log: 30 records in 3 files of 10 ({@code audit-1}, {@code audit-11}, {@code audit-21}).
 */
class AuditVerifierTest {
  @TempDir Path dir;

  private List<AuditRecord> records;
  private Path first;
  private Path second;
  private Path third;

  @BeforeEach
  void writeLog() throws Exception {
    // 10 records per file: rotate once a file passes the size of nine.
    AuditRecord sample =
        AuditCodec.sealed(
            new AuditRecord(
                1,
                CLOCK.instant().toString(),
                "alice",
                "oidc",
                List.of("team-a"),
                "query",
                "GET /loki/api/v1/query_range",
                "{service=\"checkout\"} |= \"order 10\"",
                200,
                10000,
                100,
                10,
                AuditRecord.GENESIS,
                null));
    long lineBytes = AuditCodec.line(sample).length() + 1;
    try (AuditLog log =
        AuditLog.open(
            AuditLogConfig.in(dir).withMaxFileBytes(Math.max(4096, lineBytes * 9 + 1)), CLOCK)) {
      records = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        records.addAll(append(log, i + 1, 1));
      }
    }
    first = dir.resolve("audit-1.jsonl");
    second = dir.resolve("audit-11.jsonl");
    third = dir.resolve("audit-21.jsonl");
    assertThat(AuditTesting.files(dir)).containsExactly(first, second, third);
    assertThat(AuditVerifier.verify(dir).intact()).isTrue();
  }

  private Verification broken() throws Exception {
    Verification verification = AuditVerifier.verify(dir);
    assertThat(verification.intact()).as(verification.summary()).isFalse();
    return verification;
  }

  private void edit(Path file, int lineIndex, String from, String to) throws Exception {
    List<String> lines = lines(file);
    assertThat(lines.get(lineIndex)).contains(from);
    lines.set(lineIndex, lines.get(lineIndex).replace(from, to));
    write(file, lines);
  }

  @Test
  void anIntactLogSaysSoWithItsHead() throws Exception {
    Verification verification = AuditVerifier.verify(dir);

    assertThat(verification.records()).isEqualTo(30);
    assertThat(verification.files()).isEqualTo(3);
    assertThat(verification.head()).isEqualTo(new Head(30, records.get(29).hash()));
    assertThat(verification.summary())
        .isEqualTo(
            "audit log intact: 30 records in 3 files; last seq 30, hash " + records.get(29).hash());
  }

  @Test
  void anEditedRecordIsNamed() throws Exception {
    edit(second, 4, "\"status\":200", "\"status\":403"); // seq 15

    Verification verification = broken();

    assertThat(verification.problem())
        .isEqualTo("seq 15 was edited: its hash does not match its content");
    assertThat(verification.file()).isEqualTo("audit-11.jsonl");
    assertThat(verification.line()).isEqualTo(5);
    assertThat(verification.records()).isEqualTo(14);
    assertThat(verification.summary())
        .isEqualTo(
            "audit log BROKEN at audit-11.jsonl line 5: seq 15 was edited: its hash does not match its content"
                + " (14 records before it are intact)");
  }

  @Test
  void anEditWithTheRecordsHashRecomputedIsCaughtByTheNextRecord() throws Exception {
    AuditRecord original = records.get(14);
    AuditRecord forged =
        AuditCodec.sealed(
            new AuditRecord(
                original.seq(),
                original.time(),
                "someone-else",
                original.method(),
                original.tenants(),
                original.action(),
                original.endpoint(),
                original.query(),
                original.status(),
                original.bytesScanned(),
                original.resultBytes(),
                original.durationMs(),
                original.prevHash(),
                null));
    List<String> lines = lines(second);
    lines.set(4, AuditCodec.line(forged));
    write(second, lines);

    Verification verification = broken();

    assertThat(verification.problem())
        .isEqualTo(
            "seq 16 does not follow seq 15: its prevHash is not the hash of seq 15 (seq 15 was replaced, or"
                + " edited with its hash recomputed)");
    assertThat(verification.line()).isEqualTo(6);
  }

  @Test
  void aReformattedRecordIsAnEditToo() throws Exception {
    edit(first, 2, "\"status\":200,", "\"status\": 200,");

    assertThat(broken().problem())
        .isEqualTo("seq 3 was edited: it is not the line that was written");
  }

  @Test
  void aRemovedRecordIsNamed() throws Exception {
    List<String> lines = lines(second);
    lines.remove(2); // seq 13
    write(second, lines);

    Verification verification = broken();

    assertThat(verification.problem())
        .isEqualTo("found seq 14 where seq 13 belongs: seq 13 removed or moved");
    assertThat(verification.file()).isEqualTo("audit-11.jsonl");
    assertThat(verification.line()).isEqualTo(3);
  }

  @Test
  void reorderedRecordsAreNamed() throws Exception {
    List<String> lines = lines(first);
    String fourth = lines.get(3);
    lines.set(3, lines.get(4));
    lines.set(4, fourth);
    write(first, lines);

    Verification verification = broken();

    assertThat(verification.problem())
        .isEqualTo("found seq 5 where seq 4 belongs: seq 4 removed or moved");
    assertThat(verification.line()).isEqualTo(4);
  }

  @Test
  void aRepeatedRecordIsNamed() throws Exception {
    List<String> lines = lines(third);
    lines.add(3, lines.get(2));
    write(third, lines);

    assertThat(broken().problem())
        .isEqualTo("found seq 23 where seq 24 belongs: records out of order or repeated");
  }

  @Test
  void aFileCutShortAtALineIsNamedWhereTheNextBegins() throws Exception {
    List<String> lines = lines(first);
    write(first, lines.subList(0, 7)); // seq 8 to 10 gone

    Verification verification = broken();

    assertThat(verification.problem())
        .isEqualTo("missing before this file: seq 8 to 10 (a file was removed or cut short?)");
    assertThat(verification.file()).isEqualTo("audit-11.jsonl");
    assertThat(verification.records()).isEqualTo(7);
  }

  @Test
  void aFileCutShortMidRecordIsNamed() throws Exception {
    try (FileChannel channel = FileChannel.open(second, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 25);
    }

    Verification verification = broken();

    assertThat(verification.problem())
        .startsWith("the file ends in a partial record after seq 19 (cut short;");
    assertThat(verification.file()).isEqualTo("audit-11.jsonl");
    assertThat(verification.line()).isEqualTo(10);
  }

  @Test
  void aRemovedFileIsNamed() throws Exception {
    Files.delete(second);

    Verification verification = broken();

    assertThat(verification.problem())
        .isEqualTo("missing before this file: seq 11 to 20 (a file was removed or cut short?)");
    assertThat(verification.file()).isEqualTo("audit-21.jsonl");
  }

  @Test
  void aRemovedFirstFileIsNamed() throws Exception {
    Files.delete(first);

    assertThat(broken().problem())
        .isEqualTo(
            "missing before this file: seq 1 to 10 (the first file was removed?) and no retention"
                + " record says they were removed");
  }

  @Test
  void aRenamedFileIsNamed() throws Exception {
    Files.move(third, dir.resolve("audit-12.jsonl"));

    assertThat(broken().problem())
        .isEqualTo(
            "this file's name says it begins at seq 12 but seq 20 came before it (a file renamed or copied?)");
  }

  @Test
  void aLineThatIsNoRecordIsNamed() throws Exception {
    List<String> lines = lines(third);
    lines.add(5, "{\"seq\":26,\"note\":\"inserted\"}");
    write(third, lines);

    Verification verification = broken();

    assertThat(verification.problem()).isEqualTo("not a record: unknown field 'note' (edited?)");
    assertThat(verification.line()).isEqualTo(6);
  }

  @Test
  void recordsRemovedFromTheEndShowOnlyAgainstAKeptHead() throws Exception {
    Head kept = new Head(30, records.get(29).hash());
    List<String> lines = lines(third);
    write(third, lines.subList(0, 8)); // seq 29 and 30 gone

    assertThat(AuditVerifier.verify(dir).intact()).isTrue(); // the chain alone cannot tell
    Verification verification = AuditVerifier.verify(dir, kept);

    assertThat(verification.intact()).isFalse();
    assertThat(verification.problem())
        .isEqualTo("missing at the end: seq 29 to 30 (the kept head is seq 30)");
    assertThat(verification.summary()).startsWith("audit log BROKEN at the end: ");
    assertThat(AuditVerifier.verify(dir, new Head(28, records.get(27).hash())).intact()).isTrue();
  }

  @Test
  void aLogRewrittenFromSomePointDiffersFromAKeptHead() throws Exception {
    Head kept = new Head(30, records.get(29).hash());
    edit(third, 9, "\"status\":200", "\"status\":500"); // seq 30 edited...
    AuditRecord edited = AuditCodec.parse(lines(third).get(9));
    List<String> lines = lines(third);
    lines.set(
        9, AuditCodec.line(AuditCodec.sealed(withoutHash(edited)))); // ...and its hash recomputed
    write(third, lines);

    assertThat(AuditVerifier.verify(dir).intact()).isTrue();
    assertThat(AuditVerifier.verify(dir, kept).problem())
        .isEqualTo("seq 30 is not the record the kept head names (hash differs)");
  }

  @Test
  void anEmptyDirectoryIsAnIntactEmptyLog() throws Exception {
    Path empty = dir.resolve("none");
    Verification verification = AuditVerifier.verify(empty);

    assertThat(verification.intact()).isTrue();
    assertThat(verification.records()).isZero();
    assertThat(verification.head()).isEqualTo(Head.EMPTY);
  }

  private static AuditRecord withoutHash(AuditRecord record) {
    return new AuditRecord(
        record.seq(),
        record.time(),
        record.actor(),
        record.method(),
        record.tenants(),
        record.action(),
        record.endpoint(),
        record.query(),
        record.status(),
        record.bytesScanned(),
        record.resultBytes(),
        record.durationMs(),
        record.prevHash(),
        null);
  }
}
