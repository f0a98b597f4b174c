package io.tracemate.audit;

import io.tracemate.audit.AuditFiles.AuditFile;
import io.tracemate.audit.AuditLog.Head;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an audit log from its first record to its last: every line a record in canonical form whose hash matches
 * its content, sequence numbers without gaps from 1, each record's {@code prevHash} the hash of the one before, each
 * file named after its first record and ending in a whole line. Names the first place where that fails, in words
 * for the operator: a record edited, records removed or out of order, a file removed or cut short. Optionally also
 * checks the log against a {@link Head} kept elsewhere, which is the only way to notice records removed from the
 * end.
 *
 * <p>Reads the files once, front to back, a line at a time. Stateless.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * What the check found.
   *
   * @param intact whether every check passed
   * @param records records checked
   * @param files files read
   * @param head the last record checked (the log's head when intact)
   * @param problem what broke, in words; null when intact
   * @param file the file where it broke; null when intact
   * @param line the line (from 1) where it broke, 0 when the problem is a whole file or the end of the log
   * @param removedThrough the last record retention removed (a record in the log says so), 0 when none was
   */
  public record Verification(
      boolean intact,
      long records,
      int files,
      Head head,
      String problem,
      String file,
      long line,
      long removedThrough) {

    /** One line for the operator. */
    public String summary() {
      if (intact) {
        return "audit log intact: "
            + records
            + " records in "
            + files
            + " files; last seq "
            + head.seq()
            + ", hash "
            + head.hash()
            + (removedThrough > 0
                ? "; seq 1 to " + removedThrough + " removed by retention, as a record says"
                : "");
      }
      return "audit log BROKEN at "
          + (file == null ? "the end" : file + (line > 0 ? " line " + line : ""))
          + ": "
          + problem
          + " ("
          + records
          + " records before it are intact)";
    }
  }

  /** Checks the log in {@code directory}. */
  public static Verification verify(Path directory) throws IOException {
    return verify(directory, null);
  }

  /**
   * Checks the log in {@code directory}, and that it holds the record {@code expected} names with that hash (a head
   * kept outside the log), when given.
   */
  public static Verification verify(Path directory, Head expected) throws IOException {
    List<AuditFile> files = AuditFiles.list(directory);
    Head previous = Head.EMPTY;
    // A log retention has shortened begins later; it continues from the hash its first record
    // names, which is
    // trusted only once a retention record in the chain names the same seq and hash.
    AuditRecord first = files.isEmpty() ? null : AuditRetention.firstRecord(files.get(0).path());
    long removedThrough =
        first != null && files.get(0).firstSeq() > 1 && first.seq() == files.get(0).firstSeq()
            ? first.seq() - 1
            : 0;
    boolean removalNoted = removedThrough == 0;
    if (removedThrough > 0) {
      previous = new Head(removedThrough, first.prevHash());
    }
    long records = 0;
    boolean expectedSeen = expected == null || expected.seq() == 0;
    for (int f = 0; f < files.size(); f++) {
      AuditFile file = files.get(f);
      if (file.firstSeq() != previous.seq() + 1) {
        String problem =
            file.firstSeq() > previous.seq() + 1
                ? "missing before this file: "
                    + range(previous.seq() + 1, file.firstSeq() - 1)
                    + (f == 0
                        ? " (the first file was removed?)"
                        : " (a file was removed or cut short?)")
                : "this file's name says it begins at seq "
                    + file.firstSeq()
                    + " but seq "
                    + previous.seq()
                    + " came before it (a file renamed or copied?)";
        return broken(records, f + 1, previous, problem, file.name(), 0);
      }
      long lineNumber = 0;
      boolean wholeLines = endsWithNewline(file.path());
      try (BufferedReader lines = Files.newBufferedReader(file.path(), StandardCharsets.UTF_8)) {
        String next = lines.readLine();
        while (next != null) {
          String text = next;
          next = lines.readLine();
          lineNumber++;
          if (next == null && !wholeLines) {
            return broken(
                records,
                f + 1,
                previous,
                "the file ends in a partial record after seq "
                    + previous.seq()
                    + " (cut short; a crash mid-write leaves this too, until the server next starts)",
                file.name(),
                lineNumber);
          }
          AuditRecord record;
          try {
            record = AuditCodec.parse(text);
          } catch (IllegalArgumentException e) {
            return broken(
                records,
                f + 1,
                previous,
                "not a record: " + e.getMessage() + " (edited?)",
                file.name(),
                lineNumber);
          }
          String problem = check(record, text, previous);
          if (problem != null) {
            return broken(records, f + 1, previous, problem, file.name(), lineNumber);
          }
          if (expected != null && record.seq() == expected.seq()) {
            if (!record.hash().equals(expected.hash())) {
              return broken(
                  records,
                  f + 1,
                  previous,
                  "seq " + record.seq() + " is not the record the kept head names (hash differs)",
                  file.name(),
                  lineNumber);
            }
            expectedSeen = true;
          }
          if (!removalNoted) {
            removalNoted =
                RetentionNote.of(record)
                    .filter(
                        note ->
                            note.throughSeq() == removedThrough
                                && note.lastHash().equals(first.prevHash()))
                    .isPresent();
          }
          previous = new Head(record.seq(), record.hash());
          records++;
        }
      }
    }
    if (!removalNoted) {
      return broken(
          0,
          1,
          Head.EMPTY,
          "missing before this file: "
              + range(1, removedThrough)
              + " (the first file was removed?) and no retention record says they were removed",
          files.get(0).name(),
          0);
    }
    if (!expectedSeen) {
      return broken(
          records,
          files.size(),
          previous,
          "missing at the end: "
              + range(previous.seq() + 1, expected.seq())
              + " (the kept head is seq "
              + expected.seq()
              + ")",
          null,
          0);
    }
    return new Verification(true, records, files.size(), previous, null, null, 0, removedThrough);
  }

  /** What is wrong with {@code record}, read from {@code line}, following {@code previous}; null when nothing. */
  private static String check(AuditRecord record, String line, Head previous) {
    long expectedSeq = previous.seq() + 1;
    if (record.seq() != expectedSeq) {
      if (record.seq() > expectedSeq) {
        return "found seq "
            + record.seq()
            + " where seq "
            + expectedSeq
            + " belongs: "
            + range(expectedSeq, record.seq() - 1)
            + " removed or moved";
      }
      return "found seq "
          + record.seq()
          + " where seq "
          + expectedSeq
          + " belongs: records out of order or repeated";
    }
    if (!AuditCodec.hash(record).equals(record.hash())) {
      return "seq " + record.seq() + " was edited: its hash does not match its content";
    }
    if (!AuditCodec.line(record).equals(line)) {
      return "seq " + record.seq() + " was edited: it is not the line that was written";
    }
    if (!record.prevHash().equals(previous.hash())) {
      return previous.seq() == 0
          ? "seq 1 does not begin a chain (its prevHash is not the genesis hash)"
          : "seq "
              + record.seq()
              + " does not follow seq "
              + previous.seq()
              + ": its prevHash is not the hash of seq "
              + previous.seq()
              + " (seq "
              + previous.seq()
              + " was replaced, or edited with its hash recomputed)";
    }
    return null;
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return true;
    }
    try (var channel = java.nio.channels.FileChannel.open(file)) {
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  private static String range(long from, long to) {
    return from == to ? "seq " + from : "seq " + from + " to " + to;
  }

  private static Verification broken(
      long records, int files, Head head, String problem, String file, long line) {
    return new Verification(false, records, files, head, problem, file, line, 0);
  }
}
