package io.tracemate.audit;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record the log writes before retention removes its oldest files: which records go and the hash of the last
 * of them. Written into the chain (action {@value #ACTION}), so the note itself is as tamper-evident as any record,
 * and it is how {@link AuditVerifier} tells files removed by retention from files removed by someone else: a log
 * whose first file begins after seq 1 is intact only when a note names exactly the records before it and the
 * hash its first record continues from.
 *
 * @param firstSeq the first record removed
 * @param throughSeq the last record removed
 * @param lastHash the hash of {@code throughSeq}, which the first remaining record names as its {@code prevHash}
 * @param files the names of the files removed
 */
record RetentionNote(long firstSeq, long throughSeq, String lastHash, List<String> files) {
  static final String ACTION = "audit.retention";
  static final String ACTOR = "tracemate";

  private static final Pattern TEXT =
      Pattern.compile("removed seq (\\d{1,18}) to (\\d{1,18}); hash of seq \\2: ([0-9a-f]{64});.*");

  RetentionNote {
    files = List.copyOf(files);
  }

  /** The event to append before the files are deleted. */
  AuditEvent event() {
    return new AuditEvent(ACTOR, "none", List.of(), ACTION, "internal", text(), 200, 0, 0, 0);
  }

  String text() {
    return "removed seq "
        + firstSeq
        + " to "
        + throughSeq
        + "; hash of seq "
        + throughSeq
        + ": "
        + lastHash
        + "; files: "
        + String.join(", ", files);
  }

  /** The note a record carries, if it is one. */
  static Optional<RetentionNote> of(AuditRecord record) {
    if (!ACTION.equals(record.action())
        || !ACTOR.equals(record.actor())
        || record.query() == null) {
      return Optional.empty();
    }
    Matcher text = TEXT.matcher(record.query());
    if (!text.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new RetentionNote(
            Long.parseLong(text.group(1)),
            Long.parseLong(text.group(2)),
            text.group(3),
            List.of()));
  }
}
