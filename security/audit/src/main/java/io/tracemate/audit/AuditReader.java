package io.tracemate.audit;

import io.tracemate.audit.AuditFiles.AuditFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Pages through the audit log newest first, for the admin API: each page reads the files backwards from where the
 * last one stopped, so a page costs what it returns (plus what the filter skipped, bounded by {@code maxScanned}),
 * not the size of the log. Safe beside the writer: a record being written (a partial last line) is not read.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditReader {
  /** Most records one page returns. */
  public static final int MAX_PAGE = 1000;

  private final Path directory;

  public AuditReader(Path directory) {
    this.directory = directory;
  }

  /**
   * One page.
   *
   * @param records the records, newest first
   * @param nextBefore what to pass as {@code beforeSeq} for the next page, or 0 when the log has no older records
   * @param scanned records read for this page, matching or not
   * @param unreadable lines skipped because they are not records (the verifier says more)
   */
  public record Page(List<AuditRecord> records, long nextBefore, long scanned, long unreadable) {}

  /**
   * The newest records with a sequence number below {@code beforeSeq} (0: from the newest) that {@code filter}
   * accepts, at most {@code limit} (capped at {@link #MAX_PAGE}) and reading at most {@code maxScanned} records.
   */
  public Page page(long beforeSeq, int limit, Predicate<AuditRecord> filter, long maxScanned)
      throws IOException {
    int wanted = Math.max(1, Math.min(limit, MAX_PAGE));
    long before = beforeSeq <= 0 ? Long.MAX_VALUE : beforeSeq;
    List<AuditFile> files = AuditFiles.list(directory);
    List<AuditRecord> found = new ArrayList<>(Math.min(wanted, 64));
    long scanned = 0;
    long unreadable = 0;
    long lastSeen = 0;
    for (int i = files.size() - 1; i >= 0; i--) {
      AuditFile file = files.get(i);
      if (file.firstSeq() >= before) {
        continue;
      }
      try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
        ReverseLineReader lines =
            new ReverseLineReader(
                channel, ReverseLineReader.endOfLastLine(channel, channel.size()));
        for (ReverseLineReader.Line line = lines.previous();
            line != null;
            line = lines.previous()) {
          AuditRecord record;
          try {
            record = AuditCodec.parse(line.text());
          } catch (IllegalArgumentException e) {
            unreadable++;
            continue;
          }
          if (record.seq() >= before) {
            continue;
          }
          scanned++;
          lastSeen = record.seq();
          if (filter.test(record)) {
            found.add(record);
            if (found.size() == wanted) {
              return new Page(found, lastSeen, scanned, unreadable);
            }
          }
          if (scanned >= maxScanned) {
            return new Page(found, lastSeen, scanned, unreadable);
          }
        }
      } catch (NoSuchFileException e) {
        // Removed since it was listed: its records are not there to show.
      }
    }
    return new Page(found, 0, scanned, unreadable);
  }

  /** The newest records, {@code limit} at most, unfiltered. */
  public Page newest(int limit) throws IOException {
    return page(0, limit, record -> true, Long.MAX_VALUE);
  }
}
